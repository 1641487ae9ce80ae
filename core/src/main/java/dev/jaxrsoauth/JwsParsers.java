package dev.jaxrsoauth;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/** Builds the one jjwt parser configuration this library verifies with: JWS only, strict JSON, our key locator. */
final class JwsParsers {

    private JwsParsers() {
    }

    /**
     * jjwt keeps its registry of standard algorithms, so the locator sees their headers and names the reason; the
     * locator refuses algorithms outside the accepted set, and jjwt refuses a PublicKey for HMAC anyway. jjwt itself
     * refuses unknown {@code alg} values and unsecured JWSs before the locator. Compression and JWE are disabled.
     */
    static JwtParser create(KeySource keys, Set<String> algorithms, Set<String> types, boolean typeRequired,
                            Clock clock, Duration clockSkew) {
        return Jwts.parser()
                .zip().clear().and()
                .enc().clear().and()
                .key().clear().and()
                .json(new StrictJsonDeserializer())
                .keyLocator(new JwsKeyLocator(keys, algorithms, types, typeRequired))
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(clockSkew.getSeconds())
                .build();
    }
}
