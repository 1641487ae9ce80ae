package dev.jaxrsoauth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the feature needs to know about the validator beside validating: its DPoP settings (challenges, nonces,
 * policies per resource), its clock and skew (step-up's {@code max_age}), and the issuers it trusts (protected resource
 * metadata). Defaults for a validator that is not one of this library's: no DPoP, the system clock, 60 s, no issuers.
 *
 * @param dpop the DPoP settings, or {@code null} for a validator that does not verify DPoP
 * @param clock the clock tokens are checked with
 * @param clockSkew the skew allowed on time claims
 * @param issuers the trusted issuers, in order
 * @param listener where the feature reports what happens outside the validator (missing tokens, denials)
 */
record ValidatorFacts(DpopBinding dpop, Clock clock, Duration clockSkew, List<String> issuers, AuthenticationListener listener) {

    static final ValidatorFacts UNKNOWN = new ValidatorFacts(null, Clock.systemUTC(), Duration.ofSeconds(60), List.of(),
            AuthenticationListener.NONE);

    /** @return the facts of one of this library's validators, or {@link #UNKNOWN} */
    static ValidatorFacts of(TokenValidator validator) {
        if (validator instanceof JwtValidator jwt) {
            return jwt.facts();
        }
        if (validator instanceof IntrospectionValidator introspection) {
            return introspection.facts();
        }
        return validator instanceof MultiIssuerValidator multi ? multi.facts() : UNKNOWN;
    }
}
