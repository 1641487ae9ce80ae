package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole authorization decision, made per resource method at deployment (as Jersey's
 * {@code RolesAllowedDynamicFeature} does) and checked by one filter per method:
 * <ul>
 * <li>{@code @Secured} is found by Jakarta REST annotation inheritance ({@link ResourceAnnotations}): method, the
 * method it overrides or implements, the class, its superclasses, the declaring interface; else the
 * {@code Application}'s. A method's declaration replaces its class's, which replaces the Application's.</li>
 * <li>{@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll} are read the same way; one of them on a method
 * without {@code @Secured} still requires a token (never an open method with a role rule).</li>
 * <li>{@code @Secured} or a role rule reaching a sub-resource locator refuses deployment, or the request where only the
 * runtime knows the locator's result ({@link SecuredLocators}): Jakarta REST applies no filter to locators.</li>
 * </ul>
 */
final class AuthorizationFeature implements DynamicFeature {

    /** Runs before the runtimes' own {@code @RolesAllowed} filters (at AUTHORIZATION), so every denial is ours. */
    static final int PRIORITY = Priorities.AUTHORIZATION - 1;
    private static final Set<String> SECURED = Set.of(Secured.class.getName());
    /** Matched by name: a role annotation loaded by the application's class loader counts even where ours cannot load it. */
    private static final Set<String> ROLES = Set.of("jakarta.annotation.security.RolesAllowed",
            "jakarta.annotation.security.PermitAll", "jakarta.annotation.security.DenyAll");

    /**
     * What one resource method requires; decided at deployment.
     *
     * @param method the method's name, for messages
     * @param scopes every scope the token must grant
     * @param roles one of these roles is needed, or {@code null} for no role rule
     * @param denyAll nobody may call it ({@code @DenyAll})
     * @param dpop the resource's own DPoP policy, or {@code APPLICATION} for the application's
     */
    record Requirement(String method, Set<String> scopes, Set<String> roles, boolean denyAll, DpopPolicy dpop) {
        void check(TokenSecurityContext caller) {
            if (dpop == DpopPolicy.REQUIRED && caller.scheme() != TokenRequest.Scheme.DPOP) {
                throw new InvalidTokenException(InvalidTokenException.Reason.DPOP_REQUIRED, "a bearer token for " + method);
            }
            if (dpop == DpopPolicy.OFF && caller.scheme() == TokenRequest.Scheme.DPOP) {
                throw new InvalidTokenException(InvalidTokenException.Reason.DPOP_BINDING, "DPoP is off for " + method);
            }
            TokenPrincipal principal = caller.getUserPrincipal();
            if (!principal.scopes().containsAll(scopes)) {
                Set<String> missing = new LinkedHashSet<>(scopes);
                missing.removeAll(principal.scopes());
                throw new InsufficientScopeException(scopes, "missing scopes " + missing + " for " + method);
            }
            if (denyAll) {
                throw new AccessDeniedException("@DenyAll on " + method);
            }
            if (roles != null && roles.stream().noneMatch(principal.roles()::contains)) {
                throw new AccessDeniedException("none of the roles " + roles + " for " + method);
            }
        }
    }

    private final Authenticator authenticator;
    private final Secured application;
    private final Map<Class<?>, Map<Method, Requirement>> requirements = new ConcurrentHashMap<>();
    private final Set<Method> generated = ConcurrentHashMap.newKeySet();
    private final SecuredLocators locators = new SecuredLocators(union(SECURED, ROLES));

    /** @param application the Application's {@code @Secured}, or {@code null} when it has none */
    AuthorizationFeature(Authenticator authenticator, Secured application) {
        this.authenticator = authenticator;
        this.application = application;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null) {
            return;
        }
        locators.refuseAtDeployment(type);
        if (!ResourceAnnotations.isResourceMethod(type, method)) {
            // a handler the runtime generates (Jersey's automatic OPTIONS): open, as RESTEasy's own is
            generated.add(method);
            return;
        }
        Requirement requirement = requirement(type, method, application);
        if (requirement != null && authenticator != null) {
            refuseImpossibleDpopPolicy(requirement, authenticator.dpop());
        }
        if (requirement != null) {
            requirements.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(method, requirement);
        }
        context.register(new MethodFilter(requirement), PRIORITY);
    }

    /**
     * A resource's own DPoP policy narrows the application's {@code ALLOWED}; against {@code REQUIRED} or {@code OFF}
     * (which the validator enforces before any resource is known), or with a validator that does not verify DPoP, it
     * could only lock every client out or pretend: refused at deployment.
     */
    static void refuseImpossibleDpopPolicy(Requirement requirement, DpopBinding dpop) {
        if (requirement.dpop() == DpopPolicy.APPLICATION) {
            return;
        }
        if (dpop == null) {
            throw new IllegalStateException("@Secured(dpop = " + requirement.dpop() + ") on " + requirement.method()
                    + " needs a validator of this library, which verifies DPoP proofs; this application's does not");
        }
        if (dpop.policy() != DpopPolicy.ALLOWED && requirement.dpop() != dpop.policy()) {
            throw new IllegalStateException("@Secured(dpop = " + requirement.dpop() + ") on " + requirement.method()
                    + " contradicts the application's DPoP policy " + dpop.policy() + ": a resource may narrow ALLOWED only");
        }
    }

    /** @return what the method matched for this request requires, or {@code null} when nothing protects it */
    Requirement requirement(ResourceInfo resource) {
        Map<Method, Requirement> byMethod = requirements.get(resource.getResourceClass());
        return byMethod == null ? null : byMethod.get(resource.getResourceMethod());
    }

    /** @return whether the matched method is a handler the runtime generated, not one of the application's */
    boolean isGenerated(ResourceInfo resource) {
        return generated.contains(resource.getResourceMethod());
    }

    /** @see SecuredLocators#refuseAtDeployment */
    void refuseSecuredLocators(Class<?> root) {
        locators.refuseAtDeployment(root);
    }

    /** The one function that decides what a resource method requires: {@code null} when it is open. */
    static Requirement requirement(Class<?> type, Method method, Secured application) {
        Optional<ResourceAnnotations.Found<Annotation>> found = ResourceAnnotations.find(type, method, SECURED);
        Optional<ResourceAnnotations.Found<Annotation>> roles = ResourceAnnotations.find(type, method, ROLES);
        String kind = roles.map(f -> f.annotation().annotationType().getSimpleName()).orElse("PermitAll");
        // @PermitAll admits anyone, anonymous callers too: only @Secured (here or on the Application) asks for a token
        if (found.isEmpty() && kind.equals("PermitAll") && application == null) {
            return null;
        }
        // the method's (or its class's) @Secured replaces the Application's: scopes and DPoP policy alike
        Secured secured = found.map(f -> (Secured) f.annotation()).orElse(application);
        Set<String> scopes = secured == null ? Set.of() : validated(secured.scopes());
        Set<String> allowed = kind.equals("RolesAllowed") ? Set.copyOf(List.of(roleNames(roles.get().annotation()))) : null;
        DpopPolicy dpop = secured == null ? DpopPolicy.APPLICATION : secured.dpop();
        return new Requirement(ResourceAnnotations.name(method), scopes, allowed, kind.equals("DenyAll"), dpop);
    }

    /** Scope tokens are NQSCHAR runs (RFC 6749 §3.3): they go into a quoted challenge parameter unescaped. */
    static Set<String> validated(String[] scopes) {
        for (String scope : scopes) {
            if (scope.isEmpty() || !scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                throw new IllegalArgumentException("@Secured scope is not a valid scope token: \"" + scope + "\"");
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(scopes)));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] roleNames(Annotation rolesAllowed) {
        try {
            return (String[]) rolesAllowed.annotationType().getMethod("value").invoke(rolesAllowed);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read @RolesAllowed", e);
        }
    }

    /**
     * Runs for every resource method: refuses a request that came through a locator {@code @Secured} does not reach
     * (known only per request when a locator returns {@code Object} or an interface), then checks the method's
     * requirement, authenticating first when the runtime's name binding did not (a class-level {@code @Secured} on an
     * interface, a role rule alone), so a declaration our rules find is never left open.
     */
    private final class MethodFilter implements ContainerRequestFilter {
        private final Requirement requirement;

        MethodFilter(Requirement requirement) {
            this.requirement = requirement;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            try {
                locators.refuseInRequest(request);
            } catch (AuthorizationServerException e) {
                throw Authenticator.logged(e);
            }
            if (requirement != null) {
                TokenSecurityContext caller = authenticator.authenticate(request, requirement.dpop());
                try {
                    requirement.check(caller);
                } catch (OAuthException e) {
                    throw authenticator.answer(Authenticator.logged(e), request, requirement.dpop());
                }
            }
        }
    }
}
