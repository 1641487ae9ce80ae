package dev.jaxrsoauth.example.servlet;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A MicroProfile Config source the tests fill (found by the implementation through {@code ServiceLoader}). */
public class TestConfigSource implements ConfigSource {

    static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(VALUES.keySet());
    }

    @Override
    public String getValue(String name) {
        return VALUES.get(name);
    }

    @Override
    public String getName() {
        return "jaxrs-oauth tests";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }
}
