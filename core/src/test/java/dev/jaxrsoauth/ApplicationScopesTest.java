package dev.jaxrsoauth;

import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationScopesTest {

    @Secured(scopes = {"read", "write"})
    static class ScopedApp extends Application {
    }

    static class SubclassOfScopedApp extends ScopedApp {
    }

    /** Like Jersey's wrapping ResourceConfig. */
    public static class Wrapper extends Application {
        private final Application inner;

        Wrapper(Application inner) {
            this.inner = inner;
        }

        public Application getApplication() {
            return inner;
        }
    }

    @Test
    void scopesAreReadFromTheClassItsSuperclassesOrAWrappedApplication() {
        assertThat(ApplicationScopes.of(new ScopedApp())).hasValueSatisfying(s -> assertThat(s).containsExactly("read", "write"));
        assertThat(ApplicationScopes.of(new SubclassOfScopedApp())).hasValueSatisfying(s -> assertThat(s).containsExactly("read", "write"));
        assertThat(ApplicationScopes.of(new Wrapper(new ScopedApp()))).hasValueSatisfying(s -> assertThat(s).containsExactly("read", "write"));
        assertThat(ApplicationScopes.of(new Application())).isEmpty();
    }

    @Test
    void noInjectedApplicationDeclaresNothing() {
        // then a @Secured Application's global binding fails closed in the authentication filter (GlobalProtectionTest)
        assertThat(ApplicationScopes.of(null)).isEmpty();
    }
}
