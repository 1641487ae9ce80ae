package dev.jaxrsoauth.cdi;

import dev.jaxrsoauth.TokenPrincipal;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * Refuses deployment when the request's caller ({@code @Inject TokenPrincipal}, {@code @Inject @Claim}) is injected
 * into a bean that outlives a request: it would keep the first caller's identity for every later one. Such beans
 * inject {@link CurrentCaller}.
 *
 * @since 0.1.0
 */
public class CallerInjectionCheck implements Extension {

    void check(@Observes ProcessInjectionPoint<?, ?> event) {
        InjectionPoint point = event.getInjectionPoint();
        String problem = problem(point.getType(), point.getQualifiers(), point.getBean() == null ? null : point.getBean().getScope(),
                point.getMember());
        if (problem != null) {
            event.addDefinitionError(new DefinitionException(problem));
        }
    }

    /**
     * @return why this injection point is refused, or {@code null}: the caller or a claim may be injected into
     *         request-scoped and dependent beans only
     */
    static String problem(Type type, Set<Annotation> qualifiers, Class<? extends Annotation> scope, Member member) {
        Type raw = type instanceof ParameterizedType parameterized ? parameterized.getRawType() : type;
        boolean caller = raw == TokenPrincipal.class || qualifiers.stream().anyMatch(Claim.class::isInstance);
        if (!caller || scope == null || scope == RequestScoped.class || scope == Dependent.class) {
            return null;
        }
        return (member == null ? "an injection point" : member.getDeclaringClass().getName() + "." + member.getName())
                + " injects the request's caller into a @" + scope.getSimpleName() + " bean, which would keep the first caller for every"
                + " later request: inject it into a @RequestScoped bean, or inject dev.jaxrsoauth.cdi.CurrentCaller";
    }
}
