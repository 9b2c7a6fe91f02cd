package dev.clerksync.bootstrap;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A job run every interval from {@link #start()} until {@link #stop()}. Runs never overlap: a tick
 * that comes while a run is going is dropped (and reported), not queued to start right after it.
 * The job handles its own failures; one that fails anyway ends the runs.
 */
final class IntervalRuns {

    private final Duration firstRunDelay;
    private final Duration interval;
    private final Supplier<Mono<Void>> job;
    private final Runnable onTickDropped;
    private volatile Disposable running;

    IntervalRuns(Duration firstRunDelay, Duration interval, Supplier<Mono<Void>> job, Runnable onTickDropped) {
        this.firstRunDelay = Objects.requireNonNull(firstRunDelay, "firstRunDelay must not be null");
        this.interval = Objects.requireNonNull(interval, "interval must not be null");
        this.job = Objects.requireNonNull(job, "job must not be null");
        this.onTickDropped = Objects.requireNonNull(onTickDropped, "onTickDropped must not be null");
    }

    synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(firstRunDelay, interval)
                .onBackpressureDrop(tick -> onTickDropped.run())
                // No prefetch: a tick during a run is dropped, not queued to start right after it.
                .concatMap(tick -> job.get(), 0)
                .subscribe();
    }

    synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    boolean isRunning() {
        return running != null;
    }
}
