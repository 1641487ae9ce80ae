package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the header of one kind of JWS may say: the accepted algorithms and {@code typ} values. Access tokens accept
 * {@code at+jwt} and {@code JWT} (or none) by default (RFC 9068 §2.1, RFC 8725 §3.11); signed introspection answers
 * require {@code token-introspection+jwt} (RFC 9701 §5).
 *
 * @param algorithms accepted {@code alg} values; {@code none} and HMAC are never among them
 * @param types accepted {@code typ} values, normalised ({@link #normalizeType})
 * @param typeRequired whether a JWS without {@code typ} is refused
 */
record HeaderPolicy(Set<String> algorithms, Set<String> types, boolean typeRequired) {

    /** @return the accepted algorithm named by {@code alg}, or a {@link Reason#ALGORITHM} refusal */
    String algorithm(Object alg) {
        if (!(alg instanceof String name) || !algorithms.contains(name)) {
            throw new InvalidTokenException(Reason.ALGORITHM, "alg " + LogText.printable(alg) + " is not accepted");
        }
        return name;
    }

    /** @throws InvalidTokenException {@link Reason#TYPE} unless {@code typ} is accepted (or absent and not required) */
    void checkType(Object typ) {
        if (typ == null) {
            if (typeRequired) {
                throw new InvalidTokenException(Reason.TYPE, "typ header missing");
            }
            return;
        }
        if (!(typ instanceof String s) || !types.contains(normalizeType(s))) {
            throw new InvalidTokenException(Reason.TYPE, "typ " + LogText.printable(typ) + " is not accepted");
        }
    }

    /** Media types compare case-insensitively and may omit {@code application/} (RFC 7515 §4.1.9). */
    static String normalizeType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    /** @return the normalised forms of the given types */
    static Set<String> normalized(String... types) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String type : types) {
            normalized.add(normalizeType(type));
        }
        return Set.copyOf(normalized);
    }
}
