package dev.jaxrsoauth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A valid token whose user authentication does not meet the resource's {@link StepUp}: another {@code acr}, or an
 * {@code auth_time} too long ago or missing (RFC 9470). Answered with 401 and a challenge naming what to ask the
 * authorization server for: {@code error="insufficient_user_authentication", acr_values="...", max_age=...}.
 *
 * @since 0.1.0
 */
public final class InsufficientUserAuthenticationException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** The fixed message. */
    public static final String MESSAGE = "A different or more recent authentication of the user is required";

    private final Set<String> acrValues;
    private final long maxAge;

    /**
     * @param acrValues the accepted {@code acr} values, empty for any: printable ASCII without spaces and quotes
     * @param maxAge the most seconds since the user authenticated, negative for no limit
     * @param detail what did not meet them, for the log (never the token)
     */
    public InsufficientUserAuthenticationException(Set<String> acrValues, long maxAge, String detail) {
        super(MESSAGE, detail, null);
        for (String acr : acrValues) {
            // each goes into the quoted, space-separated acr_values parameter
            if (acr.isEmpty() || !acr.chars().allMatch(c -> c > 0x20 && c <= 0x7E && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("acr value is not printable ASCII without spaces and quotes: " + LogText.printable(acr));
            }
        }
        this.acrValues = Collections.unmodifiableSet(new LinkedHashSet<>(acrValues));
        this.maxAge = maxAge;
    }

    /** @return the accepted {@code acr} values, in declaration order; empty for any */
    public Set<String> acrValues() {
        return acrValues;
    }

    /** @return the most seconds since the user authenticated, or a negative number for no limit */
    public long maxAge() {
        return maxAge;
    }

    @Override
    InsufficientUserAuthenticationException copy() {
        return new InsufficientUserAuthenticationException(acrValues, maxAge, detail());
    }

    /** RFC 9470 §3: {@code acr_values} quoted and space-separated, {@code max_age} a plain number. */
    @Override
    String challengeParameters() {
        return "error=\"insufficient_user_authentication\", error_description=\"" + MESSAGE + "\""
                + (acrValues.isEmpty() ? "" : ", acr_values=\"" + String.join(" ", acrValues) + "\"")
                + (maxAge < 0 ? "" : ", max_age=" + maxAge);
    }

    @Override
    public String errorCode() {
        return "insufficient_user_authentication";
    }

    @Override
    public int status() {
        return 401;
    }
}
