package dev.jaxrsoauth.example;

import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.SourceHealth;
import dev.jaxrsoauth.micrometer.OAuthMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What operators look at: the library's meters in Prometheus format, and whether tokens can be validated now.
 *
 * <p>Both are open here, so that a demo can {@code curl} them. A real deployment protects them or serves them on a port
 * only its monitoring reaches: the meters name the trusted issuers, the JWKS and introspection URLs and the resource
 * methods, and how many requests of each kind are refused is a map for an attacker. (With {@code API_PROTECT_ALL} the
 * Application's {@code @Secured} protects them too.)
 */
@Path("/")
public class OperationsResource {

    /** The application property holding the {@link Metrics}. */
    static final String METRICS = "example.metrics";

    /** The registry that {@code GET /metrics} prints, and the binder that fills it. */
    record Metrics(PrometheusMeterRegistry registry, OAuthMetrics oauth) {
    }

    /**
     * @param configuration the application's configuration: the meters and the feature's health
     * @return the meters in the Prometheus text format
     */
    @GET
    @Path("metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics(@Context Configuration configuration) {
        Metrics metrics = (Metrics) configuration.getProperty(METRICS);
        // the key sources are known once the feature is configured: registers their gauges at the first scrape, once
        metrics.oauth().bindHealth(() -> OAuthFeature.health(configuration));
        return metrics.registry().scrape();
    }

    /**
     * @param configuration the application's configuration: the feature's health
     * @return 200 while every key source and introspection endpoint is usable, else 503; each source's snapshot
     */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health(@Context Configuration configuration) {
        List<SourceHealth> sources = OAuthFeature.health(configuration);
        boolean up = sources.stream().allMatch(SourceHealth::usable);
        List<Map<String, Object>> body = new ArrayList<>();
        for (SourceHealth source : sources) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", source.kind());
            entry.put("issuer", source.issuer());
            entry.put("uri", source.uri() == null ? null : source.uri().toString());
            entry.put("usable", source.usable());
            entry.put("last_success", source.lastSuccess() == null ? null : source.lastSuccess().toString());
            entry.put("age_seconds", source.age() == null ? null : source.age().toSeconds());
            entry.put("next_refresh", source.nextRefresh() == null ? null : source.nextRefresh().toString());
            entry.put("expires_at", source.expiresAt() == null ? null : source.expiresAt().toString());
            entry.put("consecutive_failures", source.consecutiveFailures());
            entry.put("last_failure", source.lastFailure());
            entry.put("keys", new TreeSet<>(source.keyIds()));
            body.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", up ? "UP" : "DOWN");
        answer.put("sources", body);
        return Response.status(up ? 200 : 503).entity(answer).header("Cache-Control", "no-store").build();
    }
}
