package dev.jaxrsoauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand instead of sleeping. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(6));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    private MutableClock(Instant now) {
        this.now = Objects.requireNonNull(now, "now");
    }

    /** @param now the starting instant @return the clock */
    public static MutableClock at(Instant now) {
        return new MutableClock(now);
    }

    /** @return a clock starting at the current system time, truncated to whole seconds */
    public static MutableClock now() {
        return new MutableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** @param duration how far to move (negative moves back) */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** @param instant the new current instant */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
