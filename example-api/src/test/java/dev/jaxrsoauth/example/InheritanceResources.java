package dev.jaxrsoauth.example;

import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.Secured;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code @Secured(scopes = "admin")} everywhere Jakarta REST lets a user write it (its "Annotation Inheritance"
 * rules), with implementations that repeat no annotation, and a sub-resource locator with and without it.
 */
public final class InheritanceResources {

    private InheritanceResources() {
    }

    /** The endpoints below, each needing a token with scope {@code admin}: method and path. */
    public static final List<String[]> ENDPOINTS = List.of(
            new String[] {"GET", "/interface/iface"},
            new String[] {"GET", "/superclass/abstract"},
            new String[] {"POST", "/generic/generic"},
            new String[] {"GET", "/class-level/class-level"},
            new String[] {"GET", "/orders/7"});

    /** Declared on an interface method. */
    public interface AdminApi {
        @GET
        @Path("iface")
        @Produces(MediaType.TEXT_PLAIN)
        @Secured(scopes = "admin")
        String get();
    }

    @Path("/interface")
    public static class AdminResource implements AdminApi {
        @Override
        public String get() {
            return "interface";
        }
    }

    /** Declared on an abstract superclass method. */
    public abstract static class AbstractReports {
        @GET
        @Path("abstract")
        @Produces(MediaType.TEXT_PLAIN)
        @Secured(scopes = "admin")
        public abstract String reports();
    }

    @Path("/superclass")
    public static class Reports extends AbstractReports {
        @Override
        public String reports() {
            return "superclass";
        }
    }

    /** Declared on a generic interface: the implementation has a bridge method. */
    public interface Store<T> {
        @POST
        @Path("generic")
        @Consumes(MediaType.TEXT_PLAIN)
        @Produces(MediaType.TEXT_PLAIN)
        @Secured(scopes = "admin")
        String put(T body);
    }

    @Path("/generic")
    public static class StringStore implements Store<String> {
        @Override
        public String put(String body) {
            return "generic " + body;
        }
    }

    /** Declared at class level on the interface that declares the method. */
    @Secured(scopes = "admin")
    public interface ClassLevelApi {
        @GET
        @Path("class-level")
        @Produces(MediaType.TEXT_PLAIN)
        String get();
    }

    @Path("/class-level")
    public static class ClassLevelResource implements ClassLevelApi {
        @Override
        public String get() {
            return "class level";
        }
    }

    /** A sub-resource that declares its own requirement: what a locator returns is protected by its own annotations. */
    public static class Order {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @Secured(scopes = "admin")
        public String get() {
            return "order";
        }
    }

    @Path("/orders")
    public static class Orders {
        @Path("{id}")
        public Order order() {
            return new Order();
        }
    }

    /** {@code @Secured} on the locator itself: Jakarta REST would ignore it, so deployment is refused. */
    @Path("/secured-locator")
    public static class SecuredLocator {
        @Secured(scopes = "admin")
        @Path("{id}")
        public Order order() {
            return new Order();
        }
    }

    /** All of the above but the refused locator. */
    public static class App extends Application {
        private final String issuer;

        public App(String issuer) {
            this.issuer = issuer;
        }

        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(OAuthFeature.class, AdminResource.class, Reports.class, StringStore.class, ClassLevelResource.class, Orders.class);
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of("jaxrs-oauth.issuer", issuer, "jaxrs-oauth.audience", "api");
        }
    }

    /** With the secured locator: must not start. */
    public static class RefusedApp extends App {
        public RefusedApp(String issuer) {
            super(issuer);
        }

        @Override
        public Set<Class<?>> getClasses() {
            Set<Class<?>> classes = new HashSet<>(super.getClasses());
            classes.add(SecuredLocator.class);
            return classes;
        }
    }
}
