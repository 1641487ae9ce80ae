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

    /** Open, and reached only through locators below. */
    public static class Leaf {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "leaf";
        }
    }

    /** Class-level {@code @Secured} on a class with only a locator, reached at run time through {@code Object}. */
    @Secured(scopes = "admin")
    public static class SecuredMiddle {
        @Path("leaf")
        public Leaf leaf() {
            return new Leaf();
        }
    }

    /** {@code @Secured} on the locator of a class reached at run time through {@code Object}. */
    public static class MiddleWithSecuredLocator {
        @Secured(scopes = "admin")
        @Path("leaf")
        public Leaf leaf() {
            return new Leaf();
        }
    }

    @Path("/dynamic")
    public static class DynamicRoot {
        @Path("middle")
        public Object middle() {
            return new SecuredMiddle();
        }

        @Path("middle-locator")
        public Object middleLocator() {
            return new MiddleWithSecuredLocator();
        }
    }

    /** A locator typed by an interface; the class it returns is {@code @Secured}. */
    public interface TenantApi {
        @Path("orders")
        Leaf orders();
    }

    @Secured(scopes = "admin")
    public static class SecuredTenant implements TenantApi {
        @Override
        public Leaf orders() {
            return new Leaf();
        }
    }

    @Path("/tenants")
    public static class Tenants {
        @Path("{tenant}")
        public TenantApi tenant() {
            return new SecuredTenant();
        }
    }

    /** Paths that go through a locator {@code @Secured} reaches, known only at run time: refused per request. */
    public static final List<String> REFUSED_AT_RUN_TIME = List.of("/dynamic/middle/leaf", "/dynamic/middle-locator/leaf",
            "/tenants/acme/orders");

    /** {@code @Path} and class-level {@code @Secured} on an interface; the class only implements its locator. */
    @Path("/interface-root")
    @Secured(scopes = "admin")
    public interface InterfaceRoot {
        @Path("leaf")
        Leaf leaf();
    }

    public static class InterfaceRootResource implements InterfaceRoot {
        @Override
        public Leaf leaf() {
            return new Leaf();
        }
    }

    /** All of the above but the ones refused at deployment. */
    public static class App extends Application {
        private final String issuer;

        public App(String issuer) {
            this.issuer = issuer;
        }

        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(OAuthFeature.class, AdminResource.class, Reports.class, StringStore.class, ClassLevelResource.class, Orders.class,
                    DynamicRoot.class, Tenants.class);
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of("jaxrs-oauth.issuer", issuer, "jaxrs-oauth.audience", "api");
        }
    }

    /** With one more class: a layout that must not start. */
    public static class RefusedApp extends App {
        private final Class<?> refused;

        public RefusedApp(String issuer, Class<?> refused) {
            super(issuer);
            this.refused = refused;
        }

        @Override
        public Set<Class<?>> getClasses() {
            Set<Class<?>> classes = new HashSet<>(super.getClasses());
            classes.add(refused);
            return classes;
        }
    }

    /** A root with a secured locator, registered as an anonymous subclass instance: its {@code @Path} is inherited. */
    public static class AnonymousSingletonApp extends App {
        public AnonymousSingletonApp(String issuer) {
            super(issuer);
        }

        @Override
        @SuppressWarnings("deprecation")
        public Set<Object> getSingletons() {
            return Set.of(new SecuredLocator() { });
        }
    }
}
