package zmai.fleet.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows down token guessing: a client address with too many failed authentications within a window is refused
 * outright for a while. Kept in memory; a restart forgives everyone, which is acceptable for a guessing brake.
 */
@ApplicationScoped
public class AuthFailureLimiter {

    static final int MAX_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration BLOCK = Duration.ofMinutes(1);
    /** Above this many tracked addresses, stale entries are dropped so a scan of many addresses cannot fill memory. */
    private static final int PRUNE_ABOVE = 10_000;

    /** Failures of one address since {@code windowStart}; {@code blockedUntil} is null while not blocked. */
    private record Tally(Instant windowStart, int failures, Instant blockedUntil) {
    }

    private final Clock clock;
    private final int maxFailures;
    private final ConcurrentMap<String, Tally> tallies = new ConcurrentHashMap<>();

    public AuthFailureLimiter() {
        this(Clock.systemUTC(), MAX_FAILURES);
    }

    AuthFailureLimiter(Clock clock, int maxFailures) {
        this.clock = clock;
        this.maxFailures = maxFailures;
    }

    /** How much longer this address is refused, if it is. */
    public Optional<Duration> blockedFor(String client) {
        Tally tally = tallies.get(client);
        Instant now = clock.instant();
        if (tally == null || tally.blockedUntil() == null || !now.isBefore(tally.blockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, tally.blockedUntil()));
    }

    public void recordFailure(String client) {
        Instant now = clock.instant();
        tallies.compute(client, (key, tally) -> {
            if (tally == null || stale(tally, now)) {
                tally = new Tally(now, 0, null);
            }
            int failures = tally.failures() + 1;
            Instant blockedUntil = failures >= maxFailures ? now.plus(BLOCK) : tally.blockedUntil();
            return new Tally(tally.windowStart(), failures, blockedUntil);
        });
        if (tallies.size() > PRUNE_ABOVE) {
            tallies.entrySet().removeIf(entry -> stale(entry.getValue(), now));
        }
    }

    /** A tally whose window has passed and whose block, if any, is over counts for nothing any more. */
    private static boolean stale(Tally tally, Instant now) {
        boolean windowOver = !now.isBefore(tally.windowStart().plus(WINDOW));
        boolean blockOver = tally.blockedUntil() == null || !now.isBefore(tally.blockedUntil());
        return windowOver && blockOver;
    }
}
