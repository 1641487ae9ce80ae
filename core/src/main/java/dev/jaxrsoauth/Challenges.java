package dev.jaxrsoauth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code WWW-Authenticate} challenges of one refusal (RFC 6750 §3, RFC 9449 §7.1). Without a token, every scheme
 * the application takes is offered, {@code Bearer} first (clients that read only one expect it there); when DPoP is
 * on, a refusal of a request that used DPoP, or of a DPoP proof, is a {@code DPoP} challenge naming the accepted
 * proof algorithms.
 */
final class Challenges {

    private Challenges() {
    }

    /**
     * @param dpop the application's DPoP settings, or {@code null} when its validator has none
     * @param resourcePolicy the resource's own policy ({@code @Secured(dpop = ...)}), or {@code APPLICATION}
     * @param requestUsedDpop whether the request's {@code Authorization} scheme was {@code DPoP}
     * @param resourceMetadata the protected resource metadata URL every challenge names (RFC 9728 §5.1), or {@code null}
     * @return the challenges, in order; empty when the refusal carries none
     */
    static List<String> of(OAuthException e, String realm, DpopBinding dpop, DpopPolicy resourcePolicy, boolean requestUsedDpop,
                           String resourceMetadata) {
        String parameters = e.challengeParameters();
        if (parameters == null) {
            return List.of();
        }
        DpopPolicy policy = dpop == null ? DpopPolicy.OFF : resourcePolicy == DpopPolicy.APPLICATION ? dpop.policy() : resourcePolicy;
        boolean dpopOn = policy != DpopPolicy.OFF;
        String algs = dpopOn ? ", algs=\"" + String.join(" ", new TreeSet<>(dpop.algorithms())) + "\"" : "";
        String realmParameter = " realm=\"" + realm + "\"";
        String metadata = resourceMetadata == null ? "" : ", resource_metadata=\"" + resourceMetadata + "\"";
        if (e instanceof InvalidTokenException missing && missing.reason() == InvalidTokenException.Reason.MISSING) {
            List<String> offered = new ArrayList<>();
            if (policy != DpopPolicy.REQUIRED) {
                offered.add("Bearer" + realmParameter + metadata);
            }
            if (dpopOn) {
                offered.add("DPoP" + realmParameter + algs + metadata);
            }
            return offered;
        }
        boolean asDpop = dpopOn && (requestUsedDpop || e.challengeScheme().equals("DPoP"));
        return List.of((asDpop ? "DPoP" : "Bearer") + realmParameter + (parameters.isEmpty() ? "" : ", " + parameters)
                + (asDpop ? algs : "") + metadata);
    }
}
