package dev.jaxrsoauth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Server nonces for DPoP proofs (RFC 9449 §8) that any instance sharing the secret can check without a lookup: a
 * nonce is the time window's number and an HMAC-SHA256 of it; the current and the previous window are accepted.
 */
final class DpopNonces {

    /** One secret per process when none is configured, so that every validator in this process issues the same nonces. */
    private static final byte[] PROCESS_SECRET = random();

    private final byte[] secret;
    private final long windowMillis;
    private final Clock clock;

    /** @param secret the shared secret, at least 32 bytes, or {@code null} for one random to this process */
    DpopNonces(byte[] secret, Duration window, Clock clock) {
        this.secret = secret == null ? PROCESS_SECRET : secret.clone();
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** @return whether both issue and accept the same nonces (same secret and window) */
    boolean sameAs(DpopNonces other) {
        return other != null && windowMillis == other.windowMillis && MessageDigest.isEqual(secret, other.secret);
    }

    /** @return the nonce to send now */
    String current() {
        return nonce(clock.millis() / windowMillis);
    }

    /**
     * @return whether the nonce is this window's, the previous one's, or the next one's (an instance whose clock runs a
     *         little ahead hands that out at a window's edge), in constant time
     */
    boolean isValid(Object nonce) {
        if (!(nonce instanceof String text) || text.length() > 64) {
            return false;
        }
        long window = clock.millis() / windowMillis;
        byte[] given = text.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (long candidate = window - 1; candidate <= window + 1; candidate++) {
            valid |= MessageDigest.isEqual(given, nonce(candidate).getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }

    private String nonce(long window) {
        byte[] number = ByteBuffer.allocate(Long.BYTES).putLong(window).array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update("jaxrs-oauth DPoP nonce ".getBytes(StandardCharsets.US_ASCII));
            byte[] tag = Arrays.copyOf(mac.doFinal(number), 16);
            byte[] nonce = ByteBuffer.allocate(number.length + tag.length).put(number).put(tag).array();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
