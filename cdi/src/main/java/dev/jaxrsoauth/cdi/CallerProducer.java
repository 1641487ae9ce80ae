package dev.jaxrsoauth.cdi;

import dev.jaxrsoauth.TokenPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Produces the request's verified caller for CDI: {@code @Inject TokenPrincipal caller} and
 * {@code @Inject @Claim("sub") String subject}. The caller is the one the library verified for this request (kept in
 * the request as {@link TokenPrincipal#REQUEST_PROPERTY}), read through the servlet request CDI offers in every
 * Jakarta EE server and in servlet containers with Weld; {@code null} on a request without a verified token (an open
 * resource), never a caller nobody verified. Values are read when the injecting bean is created: only request-scoped
 * and dependent beans may inject them ({@link CallerInjectionCheck} refuses the rest at deployment); a longer-lived
 * bean injects {@link CurrentCaller}, which reads the caller on each call.
 *
 * @since 0.1.0
 */
@ApplicationScoped
public class CallerProducer {

    @Inject
    HttpServletRequest request;

    /** @return the request's verified caller, or {@code null} */
    @Produces
    @Dependent
    public TokenPrincipal caller() {
        return current();
    }

    /** @return the claim as a string, or {@code null} */
    @Produces
    @Dependent
    @Claim("")
    public String stringClaim(InjectionPoint point) {
        return claim(point, String.class);
    }

    /** @return the claim as a whole number, or {@code null} */
    @Produces
    @Dependent
    @Claim("")
    public Long longClaim(InjectionPoint point) {
        Number value = claim(point, Number.class);
        return value instanceof Long || value instanceof Integer ? value.longValue() : null;
    }

    /** @return the claim as a boolean, or {@code null} */
    @Produces
    @Dependent
    @Claim("")
    public Boolean booleanClaim(InjectionPoint point) {
        return claim(point, Boolean.class);
    }

    /** @return the claim as a string, or empty */
    @Produces
    @Dependent
    @Claim("")
    public Optional<String> optionalClaim(InjectionPoint point) {
        return Optional.ofNullable(claim(point, String.class));
    }

    TokenPrincipal current() {
        Object caller = request.getAttribute(TokenPrincipal.REQUEST_PROPERTY);
        return caller instanceof TokenPrincipal principal ? principal : null;
    }

    private <T> T claim(InjectionPoint point, Class<T> type) {
        // the qualifiers, not the annotated element: a qualifier given at run time (Instance.select) counts too
        Claim claim = point.getQualifiers().stream().filter(Claim.class::isInstance).map(Claim.class::cast).findFirst().orElse(null);
        TokenPrincipal caller = current();
        if (claim == null || caller == null) {
            return null;
        }
        return caller.claim(claim.value(), type).orElse(null);
    }
}
