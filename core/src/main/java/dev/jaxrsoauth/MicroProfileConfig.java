package dev.jaxrsoauth;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Function;

/**
 * MicroProfile Config, when the application has it (a Jakarta EE or MicroProfile server, Quarkus, Helidon, or
 * SmallRye Config on the class path): read through its API by reflection, so that core needs no dependency on it.
 */
final class MicroProfileConfig {

    private static final System.Logger LOG = System.getLogger(MicroProfileConfig.class.getName());

    private MicroProfileConfig() {
    }

    /** @return a lookup of string values in the application's MicroProfile Config, or {@code null} without one */
    static Function<String, String> lookup() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Object config;
        Method optional;
        try {
            ClassLoader from = loader != null ? loader : MicroProfileConfig.class.getClassLoader();
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", true, from);
            // the interface's method: public, whatever the implementation class's access
            optional = Class.forName("org.eclipse.microprofile.config.Config", true, from).getMethod("getOptionalValue", String.class, Class.class);
            config = provider.getMethod("getConfig").invoke(null);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException | java.util.ServiceConfigurationError e) {
            // the API without an implementation, or one that cannot start: the other sources still count
            LOG.log(System.Logger.Level.WARNING, "MicroProfile Config is on the class path but cannot be read: " + e);
            return null;
        }
        return key -> {
            try {
                Optional<?> value = (Optional<?>) optional.invoke(config, key, String.class);
                return value.map(String.class::cast).orElse(null);
            } catch (ReflectiveOperationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalArgumentException("cannot be read from MicroProfile Config: " + cause.getMessage(), cause);
            }
        };
    }
}
