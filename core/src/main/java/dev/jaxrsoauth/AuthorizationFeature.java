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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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

    private static final List<String> CLAIMS = List.of(RequireClaim.class.getName(), RequireClaims.class.getName());
    private static final Set<String> RULE = Set.of(RequireRule.class.getName());
    private static final Set<String> STEP_UP = Set.of(StepUp.class.getName());
    /** Everything that makes a method need a token: on a locator, refused. */
    static final Set<String> PROTECTING = union(union(SECURED, ROLES), union(union(Set.copyOf(CLAIMS), RULE), STEP_UP));
    /** What the Application may declare for every resource. */
    static final Set<String> APPLICATION_DEFAULTS = union(union(SECURED, Set.copyOf(CLAIMS)), union(RULE, STEP_UP));
    /** Ten years: longer is a mistake, and keeps {@code maxAge * 1000} far from overflowing. */
    private static final long MAX_AGE_LIMIT = 10L * 365 * 24 * 3600;

    private final Authenticator authenticator;
    private final Declarations declarations;
    private final Map<Class<?>, Map<Method, Requirement>> requirements = new ConcurrentHashMap<>();
    private final Set<Method> generated = ConcurrentHashMap.newKeySet();
    private final SecuredLocators locators;
    /** The scopes of every resource method found at deployment (@DenyAll ones left out): the metadata's. */
    private final Set<String> deployedScopes = ConcurrentHashMap.newKeySet();

    /** @param declarations the Application's declarations and the feature's rules */
    AuthorizationFeature(Authenticator authenticator, Declarations declarations) {
        this.authenticator = authenticator;
        this.declarations = declarations == null ? Declarations.NONE : declarations;
        this.locators = new SecuredLocators(PROTECTING, this.declarations.resourceRules().keySet());
    }

    /**
     * At deployment, for the Application's resource classes and every class their locators are declared to return:
     * refuses a locator that a protection reaches, and decides every resource method's requirement now, so that a bad
     * declaration (an unknown rule, a malformed claim path or step-up) refuses deployment instead of failing requests,
     * and the metadata lists every scope from the start.
     *
     * @throws IllegalStateException naming the method or locator
     */
    void deploy(Iterable<Class<?>> roots) {
        for (Class<?> root : roots) {
            locators.refuseAtDeployment(root);
            for (Class<?> type : SecuredLocators.reachable(root)) {
                if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    if (method.getDeclaringClass() == Object.class || method.isBridge() || !ResourceAnnotations.isResourceMethod(type, method)) {
                        continue;
                    }
                    Requirement requirement = requirement(type, method, declarations);
                    if (requirement != null && authenticator != null) {
                        refuseImpossibleDpopPolicy(requirement, authenticator.dpop());
                    }
                    if (requirement != null && !requirement.denyAll()) {
                        deployedScopes.addAll(requirement.scopes());
                    }
                }
            }
        }
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
        Requirement requirement;
        try {
            requirement = requirement(type, method, declarations);
            if (requirement != null && authenticator != null) {
                refuseImpossibleDpopPolicy(requirement, authenticator.dpop());
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // a sub-resource configured at its first request (deployment checked every class it could see): fail
            // closed with the JSON 500 and an error id, on every request to it
            context.register((ContainerRequestFilter) request -> {
                throw Authenticator.logged(new AuthorizationServerException(e.getMessage(), e));
            }, PRIORITY);
            return;
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

    /** @return every scope some callable resource method requires, for the protected resource metadata */
    Set<String> scopesSupported() {
        Set<String> scopes = new java.util.TreeSet<>(deployedScopes);
        requirements.values().forEach(byMethod -> byMethod.values().stream().filter(r -> !r.denyAll()).forEach(r -> scopes.addAll(r.scopes())));
        return scopes;
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
    static Requirement requirement(Class<?> type, Method method, Declarations declared) {
        Optional<ResourceAnnotations.Found<Annotation>> found = ResourceAnnotations.find(type, method, SECURED);
        Optional<ResourceAnnotations.Found<Annotation>> roles = ResourceAnnotations.find(type, method, ROLES);
        List<Annotation> claims = ResourceAnnotations.findAll(type, method, Set.copyOf(CLAIMS)).map(ResourceAnnotations.FoundAll::annotations)
                .orElse(declared.onApplication(RequireClaim.class.getName()));
        RequireRule rule = (RequireRule) ResourceAnnotations.find(type, method, RULE).map(ResourceAnnotations.Found::annotation)
                .orElse(declared.oneOnApplication(RequireRule.class.getName()));
        StepUp stepUp = (StepUp) ResourceAnnotations.find(type, method, STEP_UP).map(ResourceAnnotations.Found::annotation)
                .orElse(declared.oneOnApplication(StepUp.class.getName()));
        Secured application = (Secured) declared.oneOnApplication(Secured.class.getName());
        String name = ResourceAnnotations.name(method);
        List<Requirement.NamedRule> rules = rules(rule, type, declared, name);
        String kind = roles.map(f -> f.annotation().annotationType().getSimpleName()).orElse("PermitAll");
        // @PermitAll admits anyone, anonymous callers too: only @Secured (here or on the Application), a claim, a rule
        // or a step-up requirement asks for a token
        if (found.isEmpty() && kind.equals("PermitAll") && application == null && claims.isEmpty() && rule == null && rules.isEmpty()
                && stepUp == null) {
            return null;
        }
        // the method's (or its class's) @Secured replaces the Application's: scopes and DPoP policy alike
        Secured secured = found.map(f -> (Secured) f.annotation()).orElse(application);
        Set<String> scopes = secured == null ? Set.of() : validated(secured.scopes());
        Set<String> allowed = kind.equals("RolesAllowed") ? Set.copyOf(List.of(roleNames(roles.get().annotation()))) : null;
        DpopPolicy dpop = secured == null ? DpopPolicy.APPLICATION : secured.dpop();
        return new Requirement(name, scopes, allowed, kind.equals("DenyAll"), dpop, stepUp(stepUp, declared.facts(), name),
                claims(claims, name), rules);
    }

    /** The claims of one element: a single {@code @RequireClaim}, a container of several, or both (all count). */
    private static List<Requirement.ClaimCheck> claims(List<Annotation> declared, String method) {
        List<RequireClaim> all = new ArrayList<>();
        for (Annotation a : declared) {
            all.addAll(a instanceof RequireClaims several ? List.of(several.value()) : List.of((RequireClaim) a));
        }
        List<Requirement.ClaimCheck> checks = new ArrayList<>();
        for (RequireClaim claim : all) {
            ClaimPath path;
            try {
                path = ClaimPath.parse(claim.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("@RequireClaim(\"" + claim.value() + "\") on " + method + ": " + e.getMessage(), e);
            }
            if (Arrays.stream(claim.anyOf()).anyMatch(String::isEmpty)) {
                throw new IllegalStateException("@RequireClaim(\"" + claim.value() + "\") on " + method + ": anyOf has an empty value");
            }
            checks.add(new Requirement.ClaimCheck(path, Collections.unmodifiableSet(new LinkedHashSet<>(List.of(claim.anyOf())))));
        }
        return List.copyOf(checks);
    }

    /** The named rules of the method's {@code @RequireRule}, then those registered for its class or a superclass. */
    private static List<Requirement.NamedRule> rules(RequireRule rule, Class<?> type, Declarations declared, String method) {
        List<Requirement.NamedRule> rules = new ArrayList<>();
        for (String name : rule == null ? new String[0] : rule.value()) {
            Predicate<TokenPrincipal> predicate = declared.namedRules().get(name);
            if (predicate == null) {
                throw new IllegalStateException("@RequireRule(\"" + name + "\") on " + method
                        + ": no rule is registered under that name (OAuthFeature.Builder.rule, or jaxrs-oauth.rules)");
            }
            rules.add(new Requirement.NamedRule(name, predicate));
        }
        declared.resourceRules().forEach((resource, predicate) -> {
            if (resource.isAssignableFrom(type)) {
                rules.add(new Requirement.NamedRule(resource.getName(), predicate));
            }
        });
        return List.copyOf(rules);
    }

    private static Requirement.StepUpCheck stepUp(StepUp stepUp, ValidatorFacts facts, String method) {
        if (stepUp == null) {
            return null;
        }
        if (stepUp.acrValues().length == 0 && stepUp.maxAge() < 0) {
            throw new IllegalStateException("@StepUp on " + method + " requires nothing: give acrValues, maxAge or both");
        }
        if (stepUp.maxAge() > MAX_AGE_LIMIT) {
            throw new IllegalStateException("@StepUp on " + method + ": maxAge is at most ten years, got " + stepUp.maxAge());
        }
        for (String acr : stepUp.acrValues()) {
            // a token of the space-separated, quoted acr_values challenge parameter
            if (acr.isEmpty() || !acr.chars().allMatch(c -> c > 0x20 && c <= 0x7E && c != '"' && c != '\\')) {
                throw new IllegalStateException("@StepUp on " + method + ": acr value is not printable ASCII without spaces and quotes: \"" + acr + "\"");
            }
        }
        return new Requirement.StepUpCheck(Collections.unmodifiableSet(new LinkedHashSet<>(List.of(stepUp.acrValues()))),
                stepUp.maxAge(), facts.clock(), facts.clockSkew());
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
                throw authenticator.refused(Authenticator.logged(e));
            }
            if (requirement != null) {
                TokenSecurityContext caller = authenticator.authenticate(request, requirement.dpop());
                try {
                    requirement.check(caller);
                } catch (OAuthException e) {
                    authenticator.denied(e, caller, requirement.method());
                    throw authenticator.answer(Authenticator.logged(e), request, requirement.dpop());
                }
            }
        }
    }
}
