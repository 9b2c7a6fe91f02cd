package dev.clerksync.adapter.clerk.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Decides when each Backend API request may start, for all requests of one adapter (one secret key):
 * <ul>
 *   <li>a sliding-window limit: at most {@code requests} starts in any {@code window} (plus a
 *       {@value #SAFETY_MARGIN_MILLIS} ms margin, as Clerk counts arrivals and the network shifts them),
 *       by remembering the start times of the last {@code requests} requests;</li>
 *   <li>a shared pause: after a 429, no request starts until its {@code Retry-After} has passed,
 *       whichever request it was for, so the requests in flight and the ones queued all honour it.</li>
 * </ul>
 * Waiting is a {@link Mono#delay} on a Reactor scheduler, never a blocked thread.
 *
 * <p>Why not a library: resilience4j's {@code RateLimiter} refreshes a fixed quota per cycle, so two
 * adjacent cycles let twice the quota through within one window, and has no shared pause; bucket4j's
 * token bucket bounds a window only as capacity plus refill (about 90 % of the limit for a strict
 * bound), and a pause would have to be faked with token debt, which adds up when several 429s
 * arrive together. Both the exact window and the pause are a few lines here.
 */
final class BackendApiRequestPacer {

    static final long SAFETY_MARGIN_MILLIS = 250;

    private final int requests;
    private final long windowNanos;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;

    /** Start times of the last {@code used} requests, a ring beginning at {@code oldest}. */
    private final long[] starts;
    private int oldest;
    private int used;
    private long pausedUntil;
    private boolean paused;

    BackendApiRequestPacer(int requests, Duration window, Scheduler scheduler, LongSupplier nanoTime) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be positive");
        }
        this.requests = requests;
        this.windowNanos = window.plusMillis(SAFETY_MARGIN_MILLIS).toNanos();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        this.starts = new long[requests];
    }

    /** A pacer on {@code scheduler}'s clock: virtual time in tests. */
    static BackendApiRequestPacer onSchedulerClock(int requests, Duration window, Scheduler scheduler) {
        return new BackendApiRequestPacer(requests, window, scheduler, () -> scheduler.now(TimeUnit.NANOSECONDS));
    }

    /** Completes when a request may start, its start already counted. */
    Mono<Void> awaitTurn() {
        return Mono.defer(() -> {
            long wait = tryStart();
            return wait <= 0 ? Mono.<Void>empty() : Mono.delay(Duration.ofNanos(wait), scheduler).then(awaitTurn());
        });
    }

    /** No request starts until {@code duration} from now has passed (a longer pause already set stays). */
    synchronized void pauseFor(Duration duration) {
        long until = nanoTime.getAsLong() + duration.toNanos();
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
            paused = true;
        }
    }

    /** 0 when the request may start now (and it is counted), else nanoseconds to wait before asking again. */
    private synchronized long tryStart() {
        long now = nanoTime.getAsLong();
        long wait = paused ? pausedUntil - now : 0;
        if (used == requests) {
            wait = Math.max(wait, starts[oldest] + windowNanos - now);
        }
        if (wait > 0) {
            return wait;
        }
        paused = false;
        if (used == requests) {
            starts[oldest] = now;
            oldest = (oldest + 1) % requests;
        } else {
            starts[(oldest + used) % requests] = now;
            used++;
        }
        return 0;
    }
}
