package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.backend.BackendApiStatistics;
import dev.clerksync.domain.model.ReconcileAction;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the {@code reconcile} command prints: progress lines while it runs (the first of each phase,
 * then at most one every {@code progressInterval}) and a summary table at the end.
 *
 * <pre>
 * reconcile --dry-run: listing Clerk's users: page 3, 1,200 users listed, 415 users/s, 2.9 s
 * ...
 * Reconcile summary (dry run: nothing was changed)
 * +-----------+-------+
 * | action    | users |
 * +-----------+-------+
 * | create    |    12 |
 * ...
 * </pre>
 */
final class ReconcileConsole {

    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(2);

    private final PrintStream out;
    private final ReconcileMode mode;
    private final LongSupplier nanoTime;
    private final long progressIntervalNanos;
    private ReconcileProgress.Phase lastPhase;
    private long lastPrinted;

    ReconcileConsole(PrintStream out, ReconcileMode mode, LongSupplier nanoTime, Duration progressInterval) {
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        this.progressIntervalNanos = progressInterval.toNanos();
    }

    ReconcileConsole(PrintStream out, ReconcileMode mode) {
        this(out, mode, System::nanoTime, DEFAULT_PROGRESS_INTERVAL);
    }

    /** Called by the run from any thread. */
    synchronized void progress(ReconcileProgress progress) {
        long now = nanoTime.getAsLong();
        if (progress.phase() != lastPhase || now - lastPrinted >= progressIntervalNanos) {
            lastPhase = progress.phase();
            lastPrinted = now;
            out.println(prefix(mode) + progressLine(progress));
        }
    }

    synchronized void summary(ReconcileReport report, BackendApiStatistics requests) {
        summaryLines(report, requests).forEach(out::println);
        out.flush();
    }

    static String prefix(ReconcileMode mode) {
        return mode == ReconcileMode.DRY_RUN ? "reconcile --dry-run: " : "reconcile: ";
    }

    static String progressLine(ReconcileProgress progress) {
        return switch (progress.phase()) {
            case LISTING -> "listing Clerk's users: page %d, %s users listed, %s users/s, %s".formatted(
                    progress.pages(), count(progress.usersListed()), rate(progress.usersPerSecond()), seconds(progress.elapsed()));
            case CONFIRMING -> "looking up local users Clerk did not list: %s looked up (%s listed before), %s users/s, %s".formatted(
                    count(progress.usersConfirmed()), count(progress.usersListed()), rate(progress.usersPerSecond()),
                    seconds(progress.elapsed()));
        };
    }

    static List<String> summaryLines(ReconcileReport report, BackendApiStatistics requests) {
        var counts = report.counts();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(report.mode() == ReconcileMode.DRY_RUN
                ? "Reconcile summary (dry run: nothing was changed; what an applied run would do)"
                : "Reconcile summary (applied)");
        int width = Math.max(5, count(counts.total()).length());
        String rule = "+-----------+" + "-".repeat(width + 2) + "+";
        lines.add(rule);
        lines.add(row("action", "users", width));
        lines.add(rule);
        for (ReconcileAction action : ReconcileAction.values()) {
            lines.add(row(action.name().toLowerCase(Locale.ROOT), count(counts.of(action)), width));
        }
        lines.add(rule);
        lines.add(row("total", count(counts.total()), width));
        lines.add(rule);
        lines.add("Clerk listed %s users in %d pages (%s unusable, left alone); %s local users looked up one by one, %s of them still in Clerk."
                .formatted(count(report.usersListed()), report.pages(), count(report.unusableUsers()),
                        count(report.usersConfirmed()), count(report.usersStillPresent())));
        lines.add("Clerk Backend API: %s requests, %s answered 429 (throttled), %s retried after errors. Took %s."
                .formatted(count(requests.requests()), count(requests.throttled()), count(requests.retriedAfterFailure()),
                        seconds(report.elapsed())));
        return lines;
    }

    /** For a log line: counts, pages and time. */
    static String oneLineSummary(ReconcileReport report) {
        var counts = report.counts();
        return "%s created, %s updated, %s deleted, %s unchanged; %s users listed in %d pages, %s looked up, %s unusable; %s".formatted(
                count(counts.create()), count(counts.update()), count(counts.delete()), count(counts.unchanged()),
                count(report.usersListed()), report.pages(), count(report.usersConfirmed()), count(report.unusableUsers()),
                seconds(report.elapsed()));
    }

    private static String row(String label, String value, int width) {
        return ("| %-9s | %" + width + "s |").formatted(label, value);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
