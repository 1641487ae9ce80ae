package dev.jaxrsoauth.cdi;

import dev.jaxrsoauth.TokenPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The request's verified caller, read on every call: safe to inject anywhere, an {@code @ApplicationScoped} service
 * included (CDI hands it a proxy that resolves to the current request). {@code @Inject TokenPrincipal} is simpler in
 * request-scoped resources; this is for everything that lives longer.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Orders {
 *     @Inject CurrentCaller caller;
 *     public List<Order> mine() { return repository.byOwner(caller.principal().orElseThrow().getName()); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    HttpServletRequest request;

    /** @return the request's verified caller, or empty on a request without a verified token */
    public Optional<TokenPrincipal> principal() {
        Object caller = request.getAttribute(TokenPrincipal.REQUEST_PROPERTY);
        return caller instanceof TokenPrincipal principal ? Optional.of(principal) : Optional.empty();
    }

    /**
     * @param name a top-level claim
     * @param type its Java type ({@code String}, {@code Boolean}, {@code Number}, {@code List}, {@code Map})
     * @param <T> the type
     * @return the claim, or empty when there is no caller, no such claim, or it has another type
     */
    public <T> Optional<T> claim(String name, Class<T> type) {
        return principal().flatMap(caller -> caller.claim(name, type));
    }
}
