package dev.jaxrsoauth;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Trusts several issuers, each with its own {@link JwtValidator} (keys, audiences, algorithms), and optionally
 * introspects tokens that are not JWTs. The token's unverified {@code iss} only chooses the validator, which then
 * verifies everything, {@code iss} included: keys are never shared across issuers, and a token naming an issuer that
 * is not trusted is rejected without any network call.
 *
 * <pre>{@code
 * TokenValidator validator = MultiIssuerValidator.builder()
 *         .add(JwtValidator.builder().issuer("https://a.example.com").audience("api").build())
 *         .add(JwtValidator.builder().issuer("https://b.example.com").audience("api").build())
 *         .opaqueTokens(introspectionValidator)       // optional
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MultiIssuerValidator implements TokenValidator {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final Map<String, JwtValidator> byIssuer;
    /** The issuers in the order they were added. */
    private final java.util.List<String> issuers;
    private final JwtValidator first;
    private final TokenValidator opaque;
    private final int maxTokenLength;
    private final AuthenticationListener listener;

    private MultiIssuerValidator(Builder b) {
        this.byIssuer = Map.copyOf(b.byIssuer);
        this.issuers = java.util.List.copyOf(b.byIssuer.keySet());
        this.first = b.byIssuer.values().iterator().next();
        this.opaque = b.opaque;
        this.listener = b.listener;
        this.maxTokenLength = byIssuer.values().stream().mapToInt(JwtValidator::maxTokenLength).max().orElse(0);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TokenPrincipal validate(String token) {
        return validate(TokenRequest.bearer(token));
    }

    /**
     * Chooses the validator by the token's unverified {@code iss}; it validates the whole request, DPoP included, and
     * reports to its own listener. A token refused before any validator is chosen is reported to this one's.
     */
    @Override
    public TokenPrincipal validate(TokenRequest request) {
        TokenValidator chosen;
        long start = listener == AuthenticationListener.NONE ? 0 : System.nanoTime();
        try {
            chosen = choose(request);
        } catch (OAuthException e) {
            if (listener != AuthenticationListener.NONE) {
                listener.rejected(AuthenticationEvent.rejected(e, null, start));
            }
            throw e;
        }
        return chosen.validate(request);
    }

    private TokenValidator choose(TokenRequest request) {
        String token = request.token();
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "empty token");
        }
        if (!looksLikeJws(token) || opaque == null && token.length() > maxTokenLength) {
            if (opaque != null) {
                return opaque;
            }
            throw new InvalidTokenException(Reason.MALFORMED, "not a JWS and no validator for opaque tokens");
        }
        // only to choose the validator: it checks the whole token again, strictly, before anything is trusted
        Object issuer;
        try {
            String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
            issuer = Json.object(Base64.getUrlDecoder().decode(payload)).get("iss");
        } catch (IOException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "claims are not a JSON object", e);
        }
        JwtValidator validator = issuer instanceof String s ? byIssuer.get(s) : null;
        if (validator == null) {
            throw new InvalidTokenException(Reason.ISSUER, "iss " + LogText.printable(issuer) + " is not trusted");
        }
        return validator;
    }

    /** @return the DPoP settings challenges are built from: the first issuer's (every one agrees, checked when built) */
    DpopBinding dpop() {
        return first.dpop();
    }

    /** @return the snapshots of every issuer's key source and of the opaque-token validator's endpoint */
    public java.util.List<SourceHealth> health() {
        java.util.List<SourceHealth> all = new java.util.ArrayList<>();
        issuers.forEach(issuer -> all.addAll(byIssuer.get(issuer).health()));
        all.addAll(OAuthFeature.health(opaque));
        return java.util.List.copyOf(all);
    }

    /** @return the first issuer's DPoP settings and clock, and every trusted issuer (the opaque validator's too) */
    ValidatorFacts facts() {
        java.util.List<String> all = new java.util.ArrayList<>(issuers);
        if (opaque != null) {
            ValidatorFacts.of(opaque).issuers().stream().filter(i -> !all.contains(i)).forEach(all::add);
        }
        ValidatorFacts firstFacts = first.facts();
        return new ValidatorFacts(firstFacts.dpop(), firstFacts.clock(), firstFacts.clockSkew(), java.util.List.copyOf(all), listener);
    }

    /** Three segments whose first decodes to a JSON object naming an {@code alg}: anything else is opaque. */
    private static boolean looksLikeJws(String token) {
        int first = token.indexOf('.');
        if (first <= 0 || first > CompactJws.MAX_HEADER_LENGTH || token.indexOf('.', first + 1) < 0) {
            return false;
        }
        try {
            return Json.STRICT.readValue(Base64.getUrlDecoder().decode(token.substring(0, first)), OBJECT).containsKey("alg");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Builds a {@link MultiIssuerValidator}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<String, JwtValidator> byIssuer = new LinkedHashMap<>();
        private TokenValidator opaque;
        private AuthenticationListener listener = AuthenticationListener.NONE;

        private Builder() {
        }

        /**
         * Trusts the validator's issuer, with its keys, audiences and algorithms.
         *
         * @param validator a validator for one issuer
         * @return this builder
         */
        public Builder add(JwtValidator validator) {
            Objects.requireNonNull(validator, "validator");
            if (byIssuer.putIfAbsent(validator.issuer(), validator) != null) {
                throw new IllegalArgumentException("MultiIssuerValidator: issuer added twice: " + validator.issuer());
            }
            return this;
        }

        /**
         * Validates tokens that are not JWTs with this validator, typically an {@link IntrospectionValidator}.
         *
         * @param validator the validator for opaque tokens
         * @return this builder
         */
        public Builder opaqueTokens(TokenValidator validator) {
            this.opaque = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * Receives the refusals of tokens no validator was chosen for (not a JWT without an opaque-token validator, an
         * issuer not trusted) and, when this validator is the feature's, what the feature reports itself: requests
         * without a token or malformed ones, denials by a resource's requirements. Each issuer's validator reports the
         * tokens it validated (accepted or refused) to its own listener: set the same listener here and on each.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder authenticationListener(AuthenticationListener listener) {
            this.listener = AuthenticationListener.guarded(Objects.requireNonNull(listener, "authenticationListener"));
            return this;
        }

        /**
         * @return the validator
         * @throws IllegalArgumentException when no issuer was added
         */
        public MultiIssuerValidator build() {
            if (byIssuer.isEmpty()) {
                throw new IllegalArgumentException("MultiIssuerValidator: add at least one JwtValidator");
            }
            // one answer per request: the challenge and the nonces come from the first issuer's settings
            DpopBinding first = byIssuer.values().iterator().next().dpop();
            for (JwtValidator validator : byIssuer.values()) {
                if (!first.agreesWith(validator.dpop())) {
                    throw new IllegalArgumentException("MultiIssuerValidator: the DPoP settings of " + validator.issuer()
                            + " differ from the first issuer's (policy, algorithms, nonce secret and lifetime must agree)");
                }
            }
            DpopBinding opaqueDpop = opaque == null ? null : ValidatorFacts.of(opaque).dpop();
            if (opaqueDpop != null && !first.agreesWith(opaqueDpop)) {
                throw new IllegalArgumentException("MultiIssuerValidator: the opaque-token validator's DPoP settings differ from the first issuer's");
            }
            return new MultiIssuerValidator(this);
        }
    }
}
