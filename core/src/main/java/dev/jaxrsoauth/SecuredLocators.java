package dev.jaxrsoauth;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code @Secured} (or a role rule) that reaches a sub-resource locator, where Jakarta REST applies no filter, so
 * whatever the locator returns would be open. Refused at deployment where the declared types show it; refused per
 * request (500, fail closed) where only the runtime knows what a locator returned ({@code Object}, an interface).
 */
final class SecuredLocators {

    private final Set<String> securityAnnotations;
    private final Set<Class<?>> ruleClasses;
    /** Per class: why its locators are unsafe, or empty. The verdict is cached, so a refusal is never forgotten. */
    private final Map<Class<?>, Optional<String>> verdicts = new ConcurrentHashMap<>();

    /**
     * @param securityAnnotations the names of the annotations that protect ({@code @Secured}, role rules, claims...)
     * @param ruleClasses the classes a rule is registered for: their locators would escape it too
     */
    SecuredLocators(Set<String> securityAnnotations, Set<Class<?>> ruleClasses) {
        this.securityAnnotations = Set.copyOf(securityAnnotations);
        this.ruleClasses = Set.copyOf(ruleClasses);
    }

    /**
     * Checks a root resource class and, through their declared return types, the classes its locators return.
     *
     * @throws IllegalStateException naming the locator
     */
    void refuseAtDeployment(Class<?> root) {
        for (Class<?> current : reachable(root)) {
            Optional<String> refusal = verdict(current);
            if (refusal.isPresent()) {
                throw new IllegalStateException("jaxrs-oauth: " + refusal.get() + ", and Jakarta REST applies no filter to"
                        + " locators: what it returns would be open. Annotate the sub-resource class or its methods instead.");
            }
        }
    }

    /** @return the class and, through their declared return types, every class its locators return (at most 256) */
    static List<Class<?>> reachable(Class<?> root) {
        List<Class<?>> pending = new ArrayList<>(List.of(root));
        for (int i = 0; i < pending.size() && i < 256; i++) {
            Class<?> current = pending.get(i);
            for (Method method : current.getMethods()) {
                Class<?> returned = method.getReturnType();
                if (isLocator(current, method) && !returned.isPrimitive() && !returned.isArray()
                        && !returned.getName().startsWith("java.") && !pending.contains(returned)) {
                    pending.add(returned);
                }
            }
        }
        return pending;
    }

    /**
     * Refuses a request that reached its resource through a class whose locators are unsafe (every matched resource
     * after the first is one a locator went through).
     *
     * @throws AuthorizationServerException naming the locator
     */
    void refuseInRequest(ContainerRequestContext request) {
        List<Object> matched = request.getUriInfo().getMatchedResources();
        for (int i = 1; i < matched.size(); i++) {
            Optional<String> refusal = verdict(matched.get(i).getClass());
            if (refusal.isPresent()) {
                throw new AuthorizationServerException(refusal.get() + ": refused", null);
            }
        }
    }

    Optional<String> verdict(Class<?> type) {
        return verdicts.computeIfAbsent(type, t -> {
            Optional<Class<?>> ruled = ruleClasses.stream().filter(r -> r.isAssignableFrom(t)).findFirst();
            for (Method method : t.getMethods()) {
                if (!isLocator(t, method)) {
                    continue;
                }
                if (ruled.isPresent()) {
                    return Optional.of("the rule registered for " + ruled.get().getName() + " reaches the sub-resource locator "
                            + ResourceAnnotations.name(method));
                }
                Optional<ResourceAnnotations.Found<Annotation>> found = ResourceAnnotations.find(t, method, securityAnnotations);
                if (found.isPresent()) {
                    return Optional.of("@" + found.get().annotation().annotationType().getSimpleName() + " on " + found.get().where()
                            + " reaches the sub-resource locator " + ResourceAnnotations.name(method));
                }
            }
            return Optional.empty();
        });
    }

    private static boolean isLocator(Class<?> type, Method method) {
        if (method.isBridge() || method.getDeclaringClass() == Object.class) {
            return false;
        }
        for (Method declaration : ResourceAnnotations.declarations(type, method)) {
            if (declaration.isAnnotationPresent(Path.class)) {
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
}
