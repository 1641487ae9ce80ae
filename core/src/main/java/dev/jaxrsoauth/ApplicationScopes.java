package dev.jaxrsoauth;

import jakarta.ws.rs.core.Application;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code Application} subclass declares: its {@code @Secured} (whose scopes apply to resources without a
 * declaration of their own) and its root resource classes. Read once, at deployment, from the {@code Application}
 * the runtime injects into the feature.
 */
final class ApplicationScopes {

    private ApplicationScopes() {
    }

    /** @return the scopes of the Application's {@code @Secured}, or empty when it carries none (or none was injected) */
    static Optional<Set<String>> of(Application application) {
        return secured(application).map(secured -> AuthorizationFeature.validated(secured.scopes()));
    }

    /** @return the Application's {@code @Secured}, or empty when it carries none (or none was injected) */
    static Optional<Secured> secured(Application application) {
        for (Application app : chain(application)) {
            // @Secured is not @Inherited: a subclass or proxy of the user's Application still carries its scopes
            for (Class<?> type = app.getClass(); type != null && type != Application.class; type = type.getSuperclass()) {
                Secured secured = type.getAnnotation(Secured.class);
                if (secured != null) {
                    return Optional.of(secured);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param names annotation type names
     * @return each of them the Application carries, by name, the nearest declaration first (its class, then
     *         superclasses, then the Application Jersey wraps)
     */
    static java.util.Map<String, java.util.List<java.lang.annotation.Annotation>> declarations(Application application, Set<String> names) {
        java.util.Map<String, java.util.List<java.lang.annotation.Annotation>> found = new java.util.LinkedHashMap<>();
        for (Application app : chain(application)) {
            for (Class<?> type = app.getClass(); type != null && type != Application.class; type = type.getSuperclass()) {
                java.util.Map<String, java.util.List<java.lang.annotation.Annotation>> here = new java.util.LinkedHashMap<>();
                for (java.lang.annotation.Annotation a : type.getAnnotations()) {
                    if (names.contains(a.annotationType().getName())) {
                        // @RequireClaim and a container of several, on one class, count together
                        String key = a instanceof RequireClaims ? RequireClaim.class.getName() : a.annotationType().getName();
                        here.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(a);
                    }
                }
                // the nearest class that declares a kind decides it
                here.forEach(found::putIfAbsent);
            }
        }
        return found;
    }

    /** @return the classes the Application (and Jersey's wrapper around it) registers: its root resources among them */
    @SuppressWarnings("deprecation")
    static Set<Class<?>> resourceClasses(Application application) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (Application app : chain(application)) {
            try {
                classes.addAll(app.getClasses());
                app.getSingletons().forEach(singleton -> classes.add(singleton.getClass()));
            } catch (RuntimeException e) {
                // an Application that cannot list itself again: the per-method checks still run
            }
        }
        // every class: a root resource may inherit its @Path from a superclass or an interface (or be an anonymous
        // subclass in getSingletons()); checking a class that is no resource finds no locator and costs nothing
        classes.removeIf(type -> type.isInterface() || type.isAnnotation() || type.isPrimitive() || type.isArray());
        return classes;
    }

    /** The injected Application, then what it wraps: Jersey injects a {@code ResourceConfig} around the user's. */
    private static Set<Application> chain(Application application) {
        Set<Application> chain = new LinkedHashSet<>();
        for (int depth = 0; application != null && depth < 3 && chain.add(application); depth++) {
            application = unwrap(application);
        }
        return chain;
    }

    /** Jersey's wrapping {@code ResourceConfig} has a public {@code getApplication()} returning the user's. */
    private static Application unwrap(Application application) {
        try {
            Method getter = application.getClass().getMethod("getApplication");
            Object inner = getter.invoke(application);
            return inner instanceof Application a && a != application ? a : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
