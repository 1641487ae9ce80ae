package dev.jaxrsoauth;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds annotations where Jakarta REST lets users write them (spec "Annotation Inheritance"): on the resource method,
 * else on the method it overrides or implements (superclasses before interfaces, generic parameters resolved, so a
 * bridge method never hides a declaration); at class level on the resource class, its superclasses, else the
 * interface that declares the method. One lookup for every annotation the library reads, decided at deployment.
 */
final class ResourceAnnotations {

    private ResourceAnnotations() {
    }

    /** An annotation and where it was written, for log lines. */
    record Found<A extends Annotation>(A annotation, String where) {
    }

    /**
     * @param names the annotation types' names: matched by name, so that an annotation loaded by the application's
     *              class loader counts even where the library's cannot load its type
     * @return the first of {@code names} found at method level, then at class level, or empty
     */
    static Optional<Found<Annotation>> find(Class<?> resourceClass, Method method, Set<String> names) {
        return findAll(resourceClass, method, names).map(all -> new Found<>(all.annotations().get(0), all.where()));
    }

    /** Every annotation of a kind where it is first found: a repeatable one and its container on one element. */
    record FoundAll(List<Annotation> annotations, String where) {
    }

    /** @return all of {@code names} on the first element (method level, then class level) that carries any of them */
    static Optional<FoundAll> findAll(Class<?> resourceClass, Method method, Set<String> names) {
        List<Method> declarations = declarations(resourceClass, method);
        for (Method declaration : declarations) {
            List<Annotation> a = named(declaration.getAnnotations(), names);
            if (!a.isEmpty()) {
                return Optional.of(new FoundAll(a, name(declaration)));
            }
        }
        List<Class<?>> owners = new ArrayList<>();
        for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            owners.add(c);
        }
        declarations.stream().map(Method::getDeclaringClass).filter(Class::isInterface).forEach(owners::add);
        for (Class<?> owner : owners) {
            List<Annotation> a = named(owner.getAnnotations(), names);
            if (!a.isEmpty()) {
                return Optional.of(new FoundAll(a, owner.getName()));
            }
        }
        return Optional.empty();
    }

    private static List<Annotation> named(Annotation[] annotations, Set<String> names) {
        List<Annotation> found = new ArrayList<>();
        for (Annotation a : annotations) {
            if (names.contains(a.annotationType().getName())) {
                found.add(a);
            }
        }
        return found;
    }

    /**
     * @return whether the method, or a method it overrides or implements, carries an HTTP method designator: a real
     *         resource method, not a locator, nor a handler the runtime generates (Jersey's automatic OPTIONS)
     */
    static boolean isResourceMethod(Class<?> resourceClass, Method method) {
        for (Method declaration : declarations(resourceClass, method)) {
            for (Annotation a : declaration.getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return {@code Class.method}, to name a resource method in messages */
    static String name(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /** @return whether the method is a sub-resource locator: {@code @Path} and no HTTP method designator */
    static boolean isLocator(Method method) {
        if (method.getAnnotation(Path.class) == null) {
            return false;
        }
        for (Annotation a : method.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The method as implemented in the resource class, then every method it overrides or implements: superclasses
     * first, then interfaces (breadth first), as the spec gives superclass annotations precedence.
     */
    static List<Method> declarations(Class<?> resourceClass, Method method) {
        Method implementation = implementation(resourceClass, method);
        List<Method> found = new ArrayList<>();
        found.add(implementation);
        List<Class<?>> interfaces = new ArrayList<>();
        for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c != implementation.getDeclaringClass()) {
                overridden(c, implementation, resourceClass).ifPresent(found::add);
            }
            interfaces.addAll(List.of(c.getInterfaces()));
        }
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (int i = 0; i < interfaces.size(); i++) {
            Class<?> type = interfaces.get(i);
            if (seen.add(type)) {
                overridden(type, implementation, resourceClass).ifPresent(found::add);
                interfaces.addAll(List.of(type.getInterfaces()));
            }
        }
        return found;
    }

    /** The runtime may hand us an interface method or a bridge: find the method the resource class actually runs. */
    private static Method implementation(Class<?> resourceClass, Method method) {
        Method target = method.isBridge() ? bridged(method) : method;
        for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method candidate : c.getDeclaredMethods()) {
                if (!candidate.isBridge() && !candidate.isSynthetic() && !Modifier.isAbstract(candidate.getModifiers())
                        && (candidate.equals(target) || overrides(candidate, target, resourceClass))) {
                    return candidate;
                }
            }
        }
        return target;
    }

    /** A bridge has the erased signature of the generic method it stands for: find that declaration. */
    private static Method bridged(Method bridge) {
        List<Class<?>> types = new ArrayList<>(List.of(bridge.getDeclaringClass().getInterfaces()));
        for (Class<?> c = bridge.getDeclaringClass().getSuperclass(); c != null; c = c.getSuperclass()) {
            types.add(c);
            types.addAll(List.of(c.getInterfaces()));
        }
        for (int i = 0; i < types.size(); i++) {
            try {
                Method declared = types.get(i).getDeclaredMethod(bridge.getName(), bridge.getParameterTypes());
                if (!declared.isBridge()) {
                    return declared;
                }
            } catch (NoSuchMethodException e) {
                types.addAll(List.of(types.get(i).getInterfaces()));
            }
        }
        return bridge;
    }

    /** @return the method declared by {@code type} that {@code method} overrides or is (generics resolved) */
    private static Optional<Method> overridden(Class<?> type, Method method, Class<?> resourceClass) {
        for (Method candidate : type.getDeclaredMethods()) {
            if (!candidate.isBridge() && !candidate.isSynthetic() && overrides(method, candidate, resourceClass)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Same name and the same parameter types once the candidate's type variables are resolved in the resource class. */
    static boolean overrides(Method method, Method candidate, Class<?> resourceClass) {
        int modifiers = candidate.getModifiers();
        if (!method.getName().equals(candidate.getName()) || method.getParameterCount() != candidate.getParameterCount()
                || Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers)) {
            return false;
        }
        if (method.equals(candidate)) {
            return true;
        }
        Map<TypeVariable<?>, Type> bindings = bindings(resourceClass);
        Type[] own = method.getGenericParameterTypes();
        Type[] theirs = candidate.getGenericParameterTypes();
        for (int i = 0; i < own.length; i++) {
            if (erasure(own[i], bindings, 0) != erasure(theirs[i], bindings, 0)) {
                return false;
            }
        }
        return true;
    }

    /** Every type variable of the resource class's supertypes, bound to what the resource class's declarations say. */
    private static Map<TypeVariable<?>, Type> bindings(Class<?> resourceClass) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        List<Type> pending = new ArrayList<>();
        pending.add(resourceClass);
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (int i = 0; i < pending.size(); i++) {
            Type type = pending.get(i);
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (type instanceof ParameterizedType p) {
                TypeVariable<?>[] variables = raw.getTypeParameters();
                Type[] arguments = p.getActualTypeArguments();
                for (int v = 0; v < variables.length; v++) {
                    bindings.putIfAbsent(variables[v], arguments[v]);
                }
            }
            if (seen.add(raw)) {
                if (raw.getGenericSuperclass() != null) {
                    pending.add(raw.getGenericSuperclass());
                }
                pending.addAll(List.of(raw.getGenericInterfaces()));
            }
        }
        return bindings;
    }

    private static Class<?> erasure(Type type, Map<TypeVariable<?>, Type> bindings, int depth) {
        if (depth > 32) {
            return Object.class;
        }
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return erasure(array.getGenericComponentType(), bindings, depth + 1).arrayType();
        }
        if (type instanceof WildcardType wildcard) {
            return erasure(wildcard.getUpperBounds()[0], bindings, depth + 1);
        }
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return erasure(bound != null ? bound : variable.getBounds()[0], bindings, depth + 1);
        }
        return Object.class;
    }
}
