package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.backend.BackendApiStatistics;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconcileConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ReconcileProgress listing(int pages, long listed, Duration elapsed) {
        return new ReconcileProgress(ReconcileProgress.Phase.LISTING, pages, listed, 0, ReconcileCounts.NONE, 0, elapsed);
    }

    @Test
    void printsTheFirstProgressOfEachPhaseThenAtMostOneLinePerInterval() {
        var console = new ReconcileConsole(out, ReconcileMode.DRY_RUN, nanos::get, Duration.ofSeconds(2));

        console.progress(listing(1, 500, Duration.ofSeconds(1)));
        nanos.set(Duration.ofSeconds(1).toNanos());
        console.progress(listing(2, 1_000, Duration.ofSeconds(2)));
        nanos.set(Duration.ofSeconds(2).toNanos());
        console.progress(listing(3, 1_500, Duration.ofSeconds(3)));
        console.progress(new ReconcileProgress(ReconcileProgress.Phase.CONFIRMING, 3, 1_500, 0, ReconcileCounts.NONE, 0,
                Duration.ofSeconds(3)));

        assertThat(printed().lines()).containsExactly(
                "reconcile --dry-run: listing Clerk's users: page 1, 500 users listed, 500 users/s, 1.0 s",
                "reconcile --dry-run: listing Clerk's users: page 3, 1,500 users listed, 500 users/s, 3.0 s",
                "reconcile --dry-run: looking up local users Clerk did not list: 0 looked up (1,500 listed before), 500 users/s, 3.0 s");
    }

    @Test
    void endsWithASummaryTableOfWhatWasDone() {
        var report = new ReconcileReport(ReconcileMode.APPLY, new ReconcileCounts(12, 3, 2, 1_180), 3, 1_195, 1, 4, 2,
                Duration.ofMillis(12_345));

        new ReconcileConsole(out, ReconcileMode.APPLY).summary(report, new BackendApiStatistics(8, 1, 2));

        assertThat(printed().lines()).containsExactly(
                "",
                "Reconcile summary (applied)",
                "+-----------+-------+",
                "| action    | users |",
                "+-----------+-------+",
                "| create    |    12 |",
                "| update    |     3 |",
                "| delete    |     2 |",
                "| unchanged | 1,180 |",
                "+-----------+-------+",
                "| total     | 1,197 |",
                "+-----------+-------+",
                "Clerk listed 1,195 users in 3 pages (1 unusable, left alone); 4 local users looked up one by one, 2 of them still in Clerk.",
                "Clerk Backend API: 8 requests, 1 answered 429 (throttled), 2 retried after errors. Took 12.3 s.");
    }

    @Test
    void saysADryRunChangedNothing() {
        var report = new ReconcileReport(ReconcileMode.DRY_RUN, ReconcileCounts.NONE, 1, 0, 0, 0, 0, Duration.ZERO);

        new ReconcileConsole(out, ReconcileMode.DRY_RUN).summary(report, new BackendApiStatistics(1, 0, 0));

        assertThat(printed()).contains("Reconcile summary (dry run: nothing was changed; what an applied run would do)");
    }
}
