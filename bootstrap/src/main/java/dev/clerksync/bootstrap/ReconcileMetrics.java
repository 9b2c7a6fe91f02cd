package dev.clerksync.bootstrap;

import dev.clerksync.domain.model.ReconcileAction;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.port.in.ReconcileProgressListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Reconcile runs on the metrics endpoint: {@link #newRun(ReconcileMode)} gives a run's progress
 * listener (the port the console and the schedule's log use too). Counters grow while a run goes
 * (after each page of Clerk's list, every hundred lookups), so a long run's progress shows as a rate:
 * <ul>
 *   <li>{@value #USERS_LISTED}, {@value #PAGES}: Clerk's list read so far, by {@code mode};</li>
 *   <li>{@value #ACTIONS}: users by {@code action} ({@code create}, {@code update}, {@code delete},
 *       {@code unchanged}, {@code unusable}) and {@code mode};</li>
 *   <li>{@value #RUNS}: finished runs by {@code mode} and {@code result} ({@code ok}, {@code failed},
 *       {@code skipped}: another run held the lock);</li>
 *   <li>{@value #RUNNING} (gauge): 1 while a run goes on this instance; {@value #LAST_DURATION}: the last
 *       finished run's duration; {@value #LAST_SUCCESS}: when the last run that succeeded finished
 *       (epoch seconds, 0 before any).</li>
 * </ul>
 * At the end of a run the counters are topped up to the run's report, so they add up exactly.
 */
final class ReconcileMetrics {

    static final String USERS_LISTED = "clerksync.reconcile.users.listed";
    static final String PAGES = "clerksync.reconcile.pages";
    static final String ACTIONS = "clerksync.reconcile.actions";
    static final String RUNS = "clerksync.reconcile.runs";
    static final String RUNNING = "clerksync.reconcile.running";
    static final String LAST_DURATION = "clerksync.reconcile.last.duration";
    static final String LAST_SUCCESS = "clerksync.reconcile.last.success";

    static final String UNUSABLE = "unusable";

    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastDurationNanos = new AtomicLong();
    private final AtomicLong lastSuccessEpochMillis = new AtomicLong();

    ReconcileMetrics(MeterRegistry meters, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Gauge.builder(RUNNING, running, AtomicInteger::get)
                .description("1 while a reconcile runs on this instance").register(meters);
        TimeGauge.builder(LAST_DURATION, lastDurationNanos, TimeUnit.NANOSECONDS, AtomicLong::get)
                .description("How long the last finished reconcile run took").register(meters);
        Gauge.builder(LAST_SUCCESS, lastSuccessEpochMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds")
                .description("When the last successful reconcile run finished (epoch seconds; 0: none yet)")
                .register(meters);
    }

    /** The listener for one run: it counts each event, then hands it on to {@code next} (the run's log or console). */
    ReconcileProgressListener newRun(ReconcileMode mode, ReconcileProgressListener next) {
        return new Run(Objects.requireNonNull(mode, "mode must not be null"), Objects.requireNonNull(next, "next must not be null"));
    }

    private Counter runs(ReconcileMode mode, String result) {
        return Counter.builder(RUNS).description("Finished reconcile runs").tag("mode", tag(mode)).tag("result", result)
                .register(meters);
    }

    private static String tag(ReconcileMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** What one run has added to the counters so far: progress reports give totals, counters take increments. */
    private final class Run implements ReconcileProgressListener {

        private final ReconcileMode mode;
        private final ReconcileProgressListener next;
        private long startedAt;
        private boolean started;

        private final Counter listed;
        private final Counter pages;
        private final Map<ReconcileAction, Counter> actions = new EnumMap<>(ReconcileAction.class);
        private final Counter unusable;
        private long listedSoFar;
        private long pagesSoFar;
        private final Map<ReconcileAction, Long> actionsSoFar = new EnumMap<>(ReconcileAction.class);
        private long unusableSoFar;

        Run(ReconcileMode mode, ReconcileProgressListener next) {
            this.mode = mode;
            this.next = next;
            String modeTag = tag(mode);
            listed = Counter.builder(USERS_LISTED).description("Users read from Clerk's list by reconcile runs")
                    .tag("mode", modeTag).register(meters);
            pages = Counter.builder(PAGES).description("Pages of Clerk's user list read by reconcile runs")
                    .tag("mode", modeTag).register(meters);
            for (ReconcileAction action : ReconcileAction.values()) {
                actions.put(action, action(modeTag, action.name().toLowerCase(Locale.ROOT)));
                actionsSoFar.put(action, 0L);
            }
            unusable = action(modeTag, UNUSABLE);
        }

        private Counter action(String mode, String action) {
            return Counter.builder(ACTIONS).description("Users reconciled, by what the run did (or, dry, would do)")
                    .tag("mode", mode).tag("action", action).register(meters);
        }

        @Override
        public synchronized void onStart(ReconcileMode runMode) {
            started = true;
            startedAt = System.nanoTime();
            running.incrementAndGet();
            next.onStart(runMode);
        }

        /** Reports can come from several threads, a later total before an earlier one: only growth counts. */
        @Override
        public synchronized void onProgress(ReconcileProgress progress) {
            advance(progress.usersListed(), progress.pages(), progress.unusableUsers(), progress.counts()::of);
            next.onProgress(progress);
        }

        @Override
        public synchronized void onFinish(ReconcileReport report) {
            advance(report.usersListed(), report.pages(), report.unusableUsers(), report.counts()::of);
            lastSuccessEpochMillis.set(clock.millis());
            runs(mode, "ok").increment();
            ended();
            next.onFinish(report);
        }

        @Override
        public synchronized void onFailure(Throwable failure) {
            runs(mode, failure instanceof ReconcileAlreadyRunningException ? "skipped" : "failed").increment();
            ended();
            next.onFailure(failure);
        }

        private void ended() {
            if (started) {
                started = false;
                lastDurationNanos.set(System.nanoTime() - startedAt);
                running.decrementAndGet();
            }
        }

        private void advance(long usersListed, long pagesRead, long unusableUsers,
                ToLongFunction<ReconcileAction> count) {
            listedSoFar = grow(listed, listedSoFar, usersListed);
            pagesSoFar = grow(pages, pagesSoFar, pagesRead);
            unusableSoFar = grow(unusable, unusableSoFar, unusableUsers);
            for (ReconcileAction action : ReconcileAction.values()) {
                actionsSoFar.put(action, grow(actions.get(action), actionsSoFar.get(action), count.applyAsLong(action)));
            }
        }

        private static long grow(Counter counter, long soFar, long total) {
            if (total > soFar) {
                counter.increment(total - soFar);
                return total;
            }
            return soFar;
        }
    }
}
