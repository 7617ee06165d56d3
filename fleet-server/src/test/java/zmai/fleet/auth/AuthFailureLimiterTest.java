package zmai.fleet.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthFailureLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(clock, 3);

    @Test
    void theLimitthFailureWithinTheWindowBlocksForAMinute() {
        limiter.recordFailure("a");
        limiter.recordFailure("a");
        assertEquals(Optional.empty(), limiter.blockedFor("a"));

        limiter.recordFailure("a");
        assertEquals(Optional.of(Duration.ofMinutes(1)), limiter.blockedFor("a"));
        assertEquals(Optional.empty(), limiter.blockedFor("b"), "other addresses are not affected");

        clock.now = clock.now.plusSeconds(59);
        assertEquals(Optional.of(Duration.ofSeconds(1)), limiter.blockedFor("a"));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Optional.empty(), limiter.blockedFor("a"));
    }

    @Test
    void failuresSpreadOverMoreThanAWindowAreForgiven() {
        limiter.recordFailure("a");
        limiter.recordFailure("a");
        clock.now = clock.now.plus(AuthFailureLimiter.WINDOW);

        limiter.recordFailure("a");
        limiter.recordFailure("a");

        assertTrue(limiter.blockedFor("a").isEmpty());
    }
}
