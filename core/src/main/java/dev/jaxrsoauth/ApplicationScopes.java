package dev.jaxrsoauth;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Scopes declared with {@link Secured} on the {@code Application} subclass. Dynamic features cannot see the
 * application, so these are read once, from the first request's injected {@code Application}, and enforced for
 * resources that carry no {@code @Secured} of their own.
 */
final class ApplicationScopes {

    private ApplicationScopes() {
    }

    /** @return the scopes, or {@code null} when the runtime injected no {@code Application} to read them from */
    static Set<String> of(Application application) {
        if (application == null) {
            return null;
        }
        for (int depth = 0; application != null && depth < 3; depth++) {
            // @Secured is not @Inherited: a subclass or proxy of the user's Application still carries its scopes
            for (Class<?> type = application.getClass(); type != null && type != Application.class; type = type.getSuperclass()) {
                Secured secured = type.getAnnotation(Secured.class);
                if (secured != null) {
                    return ScopeFeature.validated(secured.scopes());
                }
            }
            application = unwrap(application);
        }
        return Set.of();
    }

    /** Jersey injects a wrapping {@code ResourceConfig} whose public {@code getApplication()} returns the user's. */
    private static Application unwrap(Application application) {
        try {
            Method getter = application.getClass().getMethod("getApplication");
            Object inner = getter.invoke(application);
            return inner instanceof Application a && a != application ? a : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return whether the matched method or its class carries its own {@code @Secured} (then it decides) */
    static boolean ownDeclaration(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        return method != null && (method.isAnnotationPresent(Secured.class)
                || resource.getResourceClass().isAnnotationPresent(Secured.class));
    }
}
