package dev.jaxrsoauth;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a resource method requires, by Jakarta REST annotation inheritance: no container, no network. */
class ResourceAnnotationsTest {

    interface Api {
        @GET
        @Secured(scopes = "interface")
        String get();

        @GET
        @Path("other")
        String other();
    }

    abstract static class Base implements Api {
        @Override
        @Secured(scopes = "superclass")
        public abstract String get();
    }

    static class FromSuperclass extends Base {
        @Override
        public String get() {
            return "";
        }

        @Override
        public String other() {
            return "";
        }
    }

    static class OwnWins extends Base {
        @Override
        @Secured(scopes = "own")
        public String get() {
            return "";
        }

        @Override
        public String other() {
            return "";
        }
    }

    interface Generic<T extends CharSequence> {
        @POST
        @Secured(scopes = "generic")
        String put(T body);
    }

    static class StringGeneric implements Generic<String> {
        @Override
        public String put(String body) {
            return body;
        }

        /** An overload the generic method does not bind to. */
        public String put(Integer other) {
            return "";
        }
    }

    @Secured(scopes = "iface-class")
    interface ClassLevel {
        @GET
        String get();
    }

    @Secured(scopes = "impl-class")
    static class ClassLevelImpl implements ClassLevel {
        @Override
        public String get() {
            return "";
        }
    }

    static class InterfaceClassLevelOnly implements ClassLevel {
        @Override
        public String get() {
            return "";
        }
    }

    @RolesAllowed("staff")
    static class Roles {
        @GET
        public String staff() {
            return "";
        }

        @GET
        @PermitAll
        public String anyone() {
            return "";
        }

        @GET
        @DenyAll
        @Secured
        public String nobody() {
            return "";
        }
    }

    static class Open {
        @GET
        public String get() {
            return "";
        }
    }

    @Secured(scopes = "app")
    static final class SecuredApplication {
    }

    private static final Secured APP = SecuredApplication.class.getAnnotation(Secured.class);

    private static Set<String> scopes(Class<?> type, String name, Class<?>... parameters) throws Exception {
        Requirement requirement = AuthorizationFeature.requirement(type, type.getMethod(name, parameters), Declarations.NONE);
        return requirement == null ? null : requirement.scopes();
    }

    @Test
    void superclassMethodComesBeforeTheInterfaceMethod() throws Exception {
        assertThat(scopes(FromSuperclass.class, "get")).containsExactly("superclass");
    }

    @Test
    void theMethodsOwnDeclarationWins() throws Exception {
        assertThat(scopes(OwnWins.class, "get")).containsExactly("own");
    }

    @Test
    void genericInterfaceMethodIsFoundFromTheImplementationAndFromTheBridge() throws Exception {
        assertThat(scopes(StringGeneric.class, "put", String.class)).containsExactly("generic");
        Method bridge = StringGeneric.class.getMethod("put", CharSequence.class);
        assertThat(bridge.isBridge()).isTrue();
        assertThat(AuthorizationFeature.requirement(StringGeneric.class, bridge, Declarations.NONE).scopes()).containsExactly("generic");
        assertThat(scopes(StringGeneric.class, "put", Integer.class)).isNull();
    }

    @Test
    void theInterfaceMethodHandedOverByARuntimeResolvesToo() throws Exception {
        Method declared = Api.class.getMethod("get");
        assertThat(AuthorizationFeature.requirement(FromSuperclass.class, declared, Declarations.NONE).scopes()).containsExactly("superclass");
    }

    @Test
    void classLevelOnTheResourceClassComesBeforeTheDeclaringInterface() throws Exception {
        assertThat(scopes(ClassLevelImpl.class, "get")).containsExactly("impl-class");
        assertThat(scopes(InterfaceClassLevelOnly.class, "get")).containsExactly("iface-class");
    }

    @Test
    void applicationScopesApplyOnlyWhereNothingIsDeclared() throws Exception {
        assertThat(AuthorizationFeature.requirement(Open.class, Open.class.getMethod("get"), Declarations.secured(APP)).scopes()).containsExactly("app");
        assertThat(AuthorizationFeature.requirement(OwnWins.class, OwnWins.class.getMethod("get"), Declarations.secured(APP)).scopes()).containsExactly("own");
        assertThat(scopes(Open.class, "get")).isNull();
    }

    @Test
    void roleAnnotationsFollowTheSameRules() throws Exception {
        Requirement staff = AuthorizationFeature.requirement(Roles.class, Roles.class.getMethod("staff"), Declarations.NONE);
        assertThat(staff.roles()).containsExactly("staff");
        assertThat(AuthorizationFeature.requirement(Roles.class, Roles.class.getMethod("anyone"), Declarations.NONE)).isNull();
        assertThat(AuthorizationFeature.requirement(Roles.class, Roles.class.getMethod("nobody"), Declarations.NONE).denyAll()).isTrue();
    }

    // --- claims, rules and step-up follow the same resolution

    @RequireClaim(value = "tier", anyOf = "gold")
    @StepUp(acrValues = "urn:app")
    @RequireRule("app-rule")
    static final class RequiringApplication {
    }

    interface ClaimedApi {
        @GET
        @RequireClaim(value = "department", anyOf = "finance")
        @RequireClaim("email_verified")
        String get();
    }

    @StepUp(maxAge = 60)
    abstract static class RecentBase {
        @GET
        public abstract String recent();
    }

    static class Claimed extends RecentBase implements ClaimedApi {
        @Override
        public String get() {
            return "";
        }

        @Override
        public String recent() {
            return "";
        }
    }

    @Path("/locked")
    @RequireClaim("x")
    static class ClaimedLocator {
        @Path("sub")
        public Open sub() {
            return new Open();
        }
    }

    private static Declarations declarations(Class<?> application, Map<String, java.util.function.Predicate<TokenPrincipal>> named,
                                             Map<Class<?>, java.util.function.Predicate<TokenPrincipal>> perResource) {
        Map<String, List<java.lang.annotation.Annotation>> found = new java.util.HashMap<>();
        for (java.lang.annotation.Annotation a : application.getAnnotations()) {
            found.computeIfAbsent(a instanceof RequireClaims ? RequireClaim.class.getName() : a.annotationType().getName(),
                    k -> new java.util.ArrayList<>()).add(a);
        }
        return new Declarations(found, named, perResource, ValidatorFacts.UNKNOWN);
    }

    static class Mixed {
        @GET
        @RequireClaims({@RequireClaim("a"), @RequireClaim("b")})
        @RequireClaim("c")
        public String get() {
            return "";
        }
    }

    @Test
    void aSingleClaimBesideAnExplicitContainerCountsToo() throws Exception {
        Requirement r = AuthorizationFeature.requirement(Mixed.class, Mixed.class.getMethod("get"), Declarations.NONE);
        assertThat(r.claims()).extracting(c -> c.path().toString()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void repeatedClaimsOnAnInterfaceMethodAllCount() throws Exception {
        Requirement r = AuthorizationFeature.requirement(Claimed.class, Claimed.class.getMethod("get"), Declarations.NONE);
        assertThat(r.claims()).extracting(c -> c.path().toString()).containsExactly("department", "email_verified");
        assertThat(r.claims().get(0).anyOf()).containsExactly("finance");
        assertThat(r.claims().get(1).anyOf()).isEmpty();
        // the superclass's class-level @StepUp reaches every method of the subclass
        assertThat(r.stepUp().maxAge()).isEqualTo(60);
    }

    @Test
    void aStepUpOnTheSuperclassAppliesToItsMethods() throws Exception {
        Requirement r = AuthorizationFeature.requirement(Claimed.class, Claimed.class.getMethod("recent"), Declarations.NONE);
        assertThat(r.stepUp().maxAge()).isEqualTo(60);
        assertThat(r.stepUp().acrValues()).isEmpty();
        assertThat(r.claims()).isEmpty();
    }

    @Test
    void theApplicationsClaimsRulesAndStepUpApplyWhereNothingIsDeclared() throws Exception {
        Declarations app = declarations(RequiringApplication.class, Map.of("app-rule", caller -> true), Map.of());
        Requirement open = AuthorizationFeature.requirement(Open.class, Open.class.getMethod("get"), app);
        assertThat(open).isNotNull();
        assertThat(open.claims()).extracting(c -> c.path().toString()).containsExactly("tier");
        assertThat(open.stepUp().acrValues()).containsExactly("urn:app");
        assertThat(open.rules()).extracting(Requirement.NamedRule::name).containsExactly("app-rule");
        // a method's own declarations replace the Application's, kind by kind
        Requirement own = AuthorizationFeature.requirement(Claimed.class, Claimed.class.getMethod("get"), app);
        assertThat(own.claims()).extracting(c -> c.path().toString()).containsExactly("department", "email_verified");
        assertThat(own.stepUp().acrValues()).isEmpty();
        assertThat(own.stepUp().maxAge()).isEqualTo(60);
        // and where nothing of a kind is declared, the Application's of that kind
        assertThat(own.rules()).extracting(Requirement.NamedRule::name).containsExactly("app-rule");
    }

    @Test
    void aRuleForAClassAppliesToItsSubclassesAndAnUnknownNameIsRefused() throws Exception {
        Declarations rules = declarations(Object.class, Map.of(), Map.of(RecentBase.class, caller -> true));
        assertThat(AuthorizationFeature.requirement(Claimed.class, Claimed.class.getMethod("get"), rules).rules())
                .extracting(Requirement.NamedRule::name).containsExactly(RecentBase.class.getName());
        assertThat(AuthorizationFeature.requirement(Open.class, Open.class.getMethod("get"), rules)).isNull();
        Declarations unknown = declarations(RequiringApplication.class, Map.of(), Map.of());
        assertThatThrownBy(() -> AuthorizationFeature.requirement(Open.class, Open.class.getMethod("get"), unknown))
                .hasMessageContaining("@RequireRule(\"app-rule\") on " + Open.class.getName() + ".get: no rule is registered");
    }

    @Test
    void aClaimReachingALocatorRefusesDeployment() {
        AuthorizationFeature feature = new AuthorizationFeature(null, Declarations.NONE);
        assertThatThrownBy(() -> feature.refuseSecuredLocators(ClaimedLocator.class)).isInstanceOf(IllegalStateException.class);
    }

    @Path("/locators")
    static class SecuredLocatorClass {
        @Path("sub")
        @Secured
        public Open sub() {
            return new Open();
        }
    }

    @Path("/deep")
    static class DeepLocator {
        @Path("next")
        public SecuredLocatorClass next() {
            return new SecuredLocatorClass();
        }
    }

    @Test
    void aSecuredLocatorIsFoundThroughTheLocatorsAboveIt() {
        AuthorizationFeature feature = new AuthorizationFeature(null, Declarations.NONE);
        assertThatThrownBy(() -> feature.refuseSecuredLocators(DeepLocator.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reaches the sub-resource locator " + SecuredLocatorClass.class.getName() + ".sub");
    }

    @Test
    void authenticationByNameBindingWithoutAResolvedDeclarationFailsClosed() throws Exception {
        AuthorizationFeature authorization = new AuthorizationFeature(null, Declarations.NONE);
        AuthenticationFilter filter = new AuthenticationFilter(new Authenticator(token -> {
            throw new AssertionError("must not validate");
        }, new BearerTokens(false), null, "api", null), authorization);
        Method method = Open.class.getMethod("get");
        ResourceInfo info = new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return method;
            }

            @Override
            public Class<?> getResourceClass() {
                return Open.class;
            }
        };
        Field resource = AuthenticationFilter.class.getDeclaredField("resource");
        resource.setAccessible(true);
        resource.set(filter, info);
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> {
                    throw new AssertionError("the request must not be read: " + m.getName());
                });
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> filter.filter(request)).isInstanceOfSatisfying(AuthorizationServerException.class,
                    e -> assertThat(e.detail()).contains(Open.class.getName() + ".get"));
            assertThat(log.lines()).anyMatch(line -> line.startsWith("WARNING 500 server_error [error id ")
                    && line.contains(Open.class.getName() + ".get"));
        }
    }
}
