package dev.clerksync.bootstrap;

import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.port.in.ReconcileProgressListener;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import dev.clerksync.domain.port.in.ReconcileUsersUseCase;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Runs the reconcile (applying) every interval inside the service, from start until stop. Runs never
 * overlap: a tick that comes while a run is going is dropped, and a run another instance holds the
 * reconcile lock for is skipped. A failed run is logged and the schedule goes on.
 */
final class ReconcileSchedule implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);

    /** Progress of a long scheduled run is logged at most this often. */
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofMinutes(1);

    private final Optional<Duration> interval;
    private final Duration firstRunDelay;
    private final Optional<ReconcileUsersUseCase> reconcile;
    private final Optional<ReconcileMetrics> metrics;
    private final Optional<IntervalRuns> runs;

    private ReconcileSchedule(Optional<Duration> interval, Duration firstRunDelay, Optional<ReconcileUsersUseCase> reconcile,
            Optional<ReconcileMetrics> metrics) {
        this.interval = interval;
        this.firstRunDelay = firstRunDelay;
        this.reconcile = reconcile;
        this.metrics = metrics;
        this.runs = interval.map(every -> new IntervalRuns(firstRunDelay, every, this::runOnce,
                () -> LOG.info("Scheduled reconcile skipped: the previous run is still going")));
    }

    static ReconcileSchedule off() {
        return new ReconcileSchedule(Optional.empty(), Duration.ZERO, Optional.empty(), Optional.empty());
    }

    /** Runs {@code reconcile} on the schedule, each run observed by {@code metrics}. */
    static ReconcileSchedule every(Duration interval, Duration firstRunDelay, ReconcileUsersUseCase reconcile,
            ReconcileMetrics metrics) {
        return new ReconcileSchedule(Optional.of(interval), Objects.requireNonNull(firstRunDelay),
                Optional.of(Objects.requireNonNull(reconcile)), Optional.of(Objects.requireNonNull(metrics)));
    }

    Optional<Duration> interval() {
        return interval;
    }

    @Override
    public void start() {
        if (runs.isEmpty() || runs.get().isRunning()) {
            return;
        }
        LOG.info("Reconcile scheduled every {} (first run in {})", interval.get(), firstRunDelay);
        runs.get().start();
    }

    @Override
    public void stop() {
        runs.ifPresent(IntervalRuns::stop);
    }

    @Override
    public boolean isRunning() {
        return runs.map(IntervalRuns::isRunning).orElse(false);
    }

    private Mono<Void> runOnce() {
        var lastLogged = new AtomicLong(System.nanoTime());
        ReconcileProgressListener log = progress -> logProgress(progress, lastLogged);
        return reconcile.orElseThrow()
                .reconcile(new ReconcileUsersCommand(ReconcileMode.APPLY,
                        metrics.orElseThrow().newRun(ReconcileMode.APPLY, log)))
                .doOnNext(report -> LOG.info("Scheduled reconcile done: {}", ReconcileConsole.oneLineSummary(report)))
                .onErrorResume(ReconcileAlreadyRunningException.class, e -> {
                    LOG.info("Scheduled reconcile skipped: {}", e.getMessage());
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    LOG.warn("Scheduled reconcile failed: {}", e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    private static void logProgress(ReconcileProgress progress, AtomicLong lastLogged) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= PROGRESS_LOG_INTERVAL.toNanos() && lastLogged.compareAndSet(last, now)) {
            LOG.info("Scheduled reconcile: {}", ReconcileConsole.progressLine(progress));
        }
    }
}
