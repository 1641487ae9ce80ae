package dev.jaxrsoauth;

import jakarta.ws.rs.HttpMethod;
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
 * <li>{@code @Secured} or a role rule reaching a sub-resource locator refuses deployment: Jakarta REST does not apply
 * filters to locators, so the resources below would be open.</li>
 * </ul>
 */
final class AuthorizationFeature implements DynamicFeature {

    /** Runs before the runtimes' own {@code @RolesAllowed} filters (at AUTHORIZATION), so every denial is ours. */
    static final int PRIORITY = Priorities.AUTHORIZATION - 1;
    private static final List<Class<? extends Annotation>> SECURED = List.of(Secured.class);
    private static final List<Class<? extends Annotation>> ROLES = roleAnnotations();

    /**
     * What one resource method requires; decided at deployment.
     *
     * @param method the method's name, for messages
     * @param scopes every scope the token must grant
     * @param roles one of these roles is needed, or {@code null} for no role rule
     * @param denyAll nobody may call it ({@code @DenyAll})
     */
    record Requirement(String method, Set<String> scopes, Set<String> roles, boolean denyAll) {
        void check(TokenPrincipal principal) {
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
    private final Set<String> applicationScopes;
    private final Map<Class<?>, Map<Method, Requirement>> requirements = new ConcurrentHashMap<>();
    private final Set<Class<?>> checkedForLocators = ConcurrentHashMap.newKeySet();

    /** @param applicationScopes the scopes of the Application's {@code @Secured}, or {@code null} when it has none */
    AuthorizationFeature(Authenticator authenticator, Set<String> applicationScopes) {
        this.authenticator = authenticator;
        this.applicationScopes = applicationScopes;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null) {
            return;
        }
        refuseSecuredLocators(type);
        Requirement requirement = requirement(type, method, applicationScopes);
        if (requirement != null) {
            requirements.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(method, requirement);
            context.register(new RequirementFilter(requirement), PRIORITY);
        }
    }

    /** @return what the method matched for this request requires, or {@code null} when nothing protects it */
    Requirement requirement(ResourceInfo resource) {
        Map<Method, Requirement> byMethod = requirements.get(resource.getResourceClass());
        return byMethod == null ? null : byMethod.get(resource.getResourceMethod());
    }

    /** The one function that decides what a resource method requires: {@code null} when it is open. */
    static Requirement requirement(Class<?> type, Method method, Set<String> applicationScopes) {
        Optional<ResourceAnnotations.Found<Annotation>> secured = ResourceAnnotations.find(type, method, SECURED);
        Optional<ResourceAnnotations.Found<Annotation>> roles = ResourceAnnotations.find(type, method, ROLES);
        String kind = roles.map(f -> f.annotation().annotationType().getSimpleName()).orElse("PermitAll");
        // @PermitAll admits anyone, anonymous callers too: only @Secured (here or on the Application) asks for a token
        if (secured.isEmpty() && kind.equals("PermitAll") && applicationScopes == null) {
            return null;
        }
        Set<String> scopes = secured.map(f -> validated(((Secured) f.annotation()).scopes()))
                .orElse(applicationScopes == null ? Set.of() : applicationScopes);
        Set<String> allowed = kind.equals("RolesAllowed") ? Set.copyOf(List.of(roleNames(roles.get().annotation()))) : null;
        return new Requirement(ResourceAnnotations.name(method), scopes, allowed, kind.equals("DenyAll"));
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

    /**
     * Refuses deployment when {@code @Secured} or a role rule reaches a sub-resource locator of this class (or of the
     * classes its locators return): Jakarta REST never runs filters for locators, so what they return would be open.
     *
     * @throws IllegalStateException naming the locator
     */
    void refuseSecuredLocators(Class<?> type) {
        List<Class<?>> pending = new ArrayList<>(List.of(type));
        for (int i = 0; i < pending.size() && i < 256; i++) {
            Class<?> current = pending.get(i);
            if (!checkedForLocators.add(current)) {
                continue;
            }
            for (Method method : current.getMethods()) {
                if (method.isBridge() || method.getDeclaringClass() == Object.class || !isLocator(current, method)) {
                    continue;
                }
                Optional<ResourceAnnotations.Found<Annotation>> found = ResourceAnnotations.find(current, method, SECURED)
                        .or(() -> ResourceAnnotations.find(current, method, ROLES));
                if (found.isPresent()) {
                    throw new IllegalStateException("jaxrs-oauth: @" + found.get().annotation().annotationType().getSimpleName()
                            + " on " + found.get().where() + " reaches the sub-resource locator " + ResourceAnnotations.name(method)
                            + ", and Jakarta REST applies no filter to locators: what it returns would be open. Annotate the"
                            + " sub-resource class or its methods instead.");
                }
                Class<?> returned = method.getReturnType();
                if (!returned.isPrimitive() && !returned.isArray() && !returned.getName().startsWith("java.")) {
                    pending.add(returned);
                }
            }
        }
    }

    private static boolean isLocator(Class<?> type, Method method) {
        List<Method> declarations = ResourceAnnotations.declarations(type, method);
        for (Method declaration : declarations) {
            if (declaration.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                return ResourceAnnotations.isLocator(declaration);
            }
            for (Annotation a : declaration.getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** {@code jakarta.annotation} is optional: without it on the class path there are no role rules to read. */
    @SuppressWarnings("unchecked")
    private static List<Class<? extends Annotation>> roleAnnotations() {
        List<Class<? extends Annotation>> types = new ArrayList<>();
        for (String name : List.of("RolesAllowed", "PermitAll", "DenyAll")) {
            try {
                types.add((Class<? extends Annotation>) Class.forName("jakarta.annotation.security." + name, false,
                        AuthorizationFeature.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                return List.of();
            }
        }
        return List.copyOf(types);
    }

    private static String[] roleNames(Annotation rolesAllowed) {
        try {
            return (String[]) rolesAllowed.annotationType().getMethod("value").invoke(rolesAllowed);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read @RolesAllowed", e);
        }
    }

    /**
     * Checks one method's requirement. Authenticates first when the runtime's name binding did not (a class-level
     * {@code @Secured} on an interface, a role rule alone), so a declaration our rules find is never left open.
     */
    private final class RequirementFilter implements ContainerRequestFilter {
        private final Requirement requirement;

        RequirementFilter(Requirement requirement) {
            this.requirement = requirement;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            requirement.check(authenticator.authenticate(request));
        }
    }
}
