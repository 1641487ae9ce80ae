package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import io.jsonwebtoken.JweHeader;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.LocatorAdapter;

import java.security.Key;
import java.security.PublicKey;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the JWS header and finds the verification key. jjwt calls it after parsing the header and before verifying
 * the signature; what it throws propagates unchanged, so it throws this library's exceptions only.
 */
final class JwsKeyLocator extends LocatorAdapter<Key> {

    /** The key this thread's last lookup returned: what the cache must remember, not a second lookup's answer. */
    static final ThreadLocal<PublicKey> LOCATED = new ThreadLocal<>();

    private final KeySource keySource;
    private final Set<String> algorithms;
    private final Set<String> types;
    private final boolean typeRequired;

    JwsKeyLocator(KeySource keySource, Set<String> algorithms, Set<String> types, boolean typeRequired) {
        this.keySource = keySource;
        this.algorithms = algorithms;
        this.types = types;
        this.typeRequired = typeRequired;
    }

    @Override
    protected Key locate(JwsHeader header) {
        String algorithm = header.getAlgorithm();
        if (!algorithms.contains(algorithm)) {
            throw new InvalidTokenException(Reason.ALGORITHM, "alg " + printable(algorithm) + " is not accepted");
        }
        // jjwt already refuses crit naming extensions it was not told of; this library supports none (RFC 7515 §4.1.11)
        if (header.containsKey("crit")) {
            throw new InvalidTokenException(Reason.MALFORMED, "crit header present");
        }
        if (header.containsKey("zip")) {
            throw new InvalidTokenException(Reason.MALFORMED, "compressed JWS");
        }
        checkType(header.get("typ"));
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String k && !k.isEmpty() && k.length() <= JwkSet.MAX_KEY_ID_LENGTH)) {
            throw new InvalidTokenException(Reason.MALFORMED, "kid is not a string of 1 to " + JwkSet.MAX_KEY_ID_LENGTH + " characters");
        }
        Optional<PublicKey> key;
        try {
            key = keySource.find((String) kid, algorithm);
        } catch (OAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            // a failing key source is the server's problem, never the client's: 500, not 401
            throw new AuthorizationServerException("key source failed: " + e, e);
        }
        PublicKey found = key.orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_KEY, "no key for kid " + printable(kid) + " and alg " + algorithm));
        LOCATED.set(found);
        return found;
    }

    @Override
    protected Key locate(JweHeader header) {
        throw new InvalidTokenException(Reason.MALFORMED, "JWE is not accepted");
    }

    private void checkType(Object typ) {
        if (typ == null) {
            if (typeRequired) {
                throw new InvalidTokenException(Reason.TYPE, "typ header missing");
            }
            return;
        }
        if (!(typ instanceof String s) || !types.contains(normalizeType(s))) {
            throw new InvalidTokenException(Reason.TYPE, "typ " + printable(typ) + " is not accepted");
        }
    }

    /** Media types compare case-insensitively and may omit {@code application/} (RFC 7515 §4.1.9). */
    static String normalizeType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    /** Header values are attacker-chosen: bound what reaches the log. */
    static String printable(Object value) {
        String s = String.valueOf(value);
        s = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
