package dev.jaxrsoauth.cdi;

import dev.jaxrsoauth.TokenPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which beans may hold the request's caller: request-scoped and dependent ones only. */
class CallerInjectionCheckTest {

    /** A {@code @Claim("sub")} as CDI hands it over. */
    @SuppressWarnings("all")
    static final class ClaimLiteral extends AnnotationLiteral<Claim> implements Claim {
        @Override
        public String value() {
            return "sub";
        }
    }

    private static final Set<Annotation> CLAIM = Set.of(new ClaimLiteral());

    @Test
    void longerLivedBeansAreRefusedNamingTheWayOut() {
        for (Class<? extends Annotation> scope : java.util.List.of(ApplicationScoped.class, SessionScoped.class, Singleton.class)) {
            assertThat(CallerInjectionCheck.problem(TokenPrincipal.class, Set.of(), scope, null))
                    .as(scope.getSimpleName()).contains("@" + scope.getSimpleName()).contains("CurrentCaller");
            assertThat(CallerInjectionCheck.problem(String.class, CLAIM, scope, null)).as("a claim").isNotNull();
        }
        Optional<String> optional = Optional.empty();
        assertThat(CallerInjectionCheck.problem(new java.lang.reflect.ParameterizedType() {
            public java.lang.reflect.Type[] getActualTypeArguments() {
                return new java.lang.reflect.Type[] {String.class};
            }

            public java.lang.reflect.Type getRawType() {
                return Optional.class;
            }

            public java.lang.reflect.Type getOwnerType() {
                return null;
            }
        }, CLAIM, ApplicationScoped.class, null)).as("Optional<String> with @Claim").isNotNull();
        assertThat(optional).isEmpty();
    }

    @Test
    void requestScopedAndDependentBeansAndOtherInjectionsPass() {
        assertThat(CallerInjectionCheck.problem(TokenPrincipal.class, Set.of(), RequestScoped.class, null)).isNull();
        assertThat(CallerInjectionCheck.problem(TokenPrincipal.class, Set.of(), Dependent.class, null)).isNull();
        assertThat(CallerInjectionCheck.problem(String.class, CLAIM, RequestScoped.class, null)).isNull();
        assertThat(CallerInjectionCheck.problem(String.class, Set.of(), ApplicationScoped.class, null)).as("not ours").isNull();
        assertThat(CallerInjectionCheck.problem(CurrentCaller.class, Set.of(), ApplicationScoped.class, null)).as("the safe way").isNull();
    }
}
