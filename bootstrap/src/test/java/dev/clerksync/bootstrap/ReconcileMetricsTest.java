package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.port.in.ReconcileProgressListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private final ReconcileMetrics metrics = new ReconcileMetrics(meters, clock);

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static ReconcileProgress listing(int pages, long listed, ReconcileCounts counts, long unusable) {
        return new ReconcileProgress(ReconcileProgress.Phase.LISTING, pages, listed, 0, counts, unusable, Duration.ofSeconds(1));
    }

    @Test
    void countersGrowWithEachProgressReportAndAddUpToTheReport() {
        List<ReconcileProgress> console = new ArrayList<>();
        var run = metrics.newRun(ReconcileMode.DRY_RUN, console::add);

        run.onStart(ReconcileMode.DRY_RUN);
        assertThat(gauge(ReconcileMetrics.RUNNING)).isEqualTo(1);
        run.onProgress(listing(1, 500, new ReconcileCounts(490, 5, 0, 4), 1));
        run.onProgress(listing(1, 400, new ReconcileCounts(400, 0, 0, 0), 0));   // from another thread, late: older totals
        assertThat(counter(ReconcileMetrics.USERS_LISTED, "mode", "dry_run")).isEqualTo(500);
        run.onProgress(listing(2, 700, new ReconcileCounts(690, 5, 0, 4), 1));

        assertThat(console).as("every report handed on").hasSize(3);
        assertThat(counter(ReconcileMetrics.USERS_LISTED, "mode", "dry_run")).isEqualTo(700);
        assertThat(counter(ReconcileMetrics.PAGES, "mode", "dry_run")).isEqualTo(2);
        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "create")).isEqualTo(690);
        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "unusable")).isEqualTo(1);

        run.onFinish(new ReconcileReport(ReconcileMode.DRY_RUN, new ReconcileCounts(690, 5, 2, 4), 2, 700, 1, 3, 1,
                Duration.ofSeconds(2)));

        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "delete")).as("topped up to the report").isEqualTo(2);
        assertThat(counter(ReconcileMetrics.RUNS, "mode", "dry_run", "result", "ok")).isEqualTo(1);
        assertThat(gauge(ReconcileMetrics.RUNNING)).isZero();
        assertThat(gauge(ReconcileMetrics.LAST_SUCCESS)).isEqualTo(clock.millis() / 1000.0);
    }

    @Test
    void aRunSkippedForTheLockAndAFailedRunAreCountedApartAndAreNoSuccess() {
        metrics.newRun(ReconcileMode.APPLY, ReconcileProgressListener.NONE).onFailure(new ReconcileAlreadyRunningException("held"));
        var failing = metrics.newRun(ReconcileMode.APPLY, ReconcileProgressListener.NONE);
        failing.onStart(ReconcileMode.APPLY);
        failing.onFailure(new IdentityProviderUnavailableException("down", null));

        assertThat(counter(ReconcileMetrics.RUNS, "mode", "apply", "result", "skipped")).isEqualTo(1);
        assertThat(counter(ReconcileMetrics.RUNS, "mode", "apply", "result", "failed")).isEqualTo(1);
        assertThat(gauge(ReconcileMetrics.LAST_SUCCESS)).isZero();
        assertThat(gauge(ReconcileMetrics.RUNNING)).as("the skipped run never started").isZero();
    }
}
