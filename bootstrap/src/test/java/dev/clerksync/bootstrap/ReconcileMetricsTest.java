package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class ReconcileMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

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
    void countersGrowWithEachProgressReportAndTheConsoleStillGetsEveryOne() {
        var finish = Sinks.<ReconcileReport>one();
        var listener = new AtomicReference<ReconcileUsersCommand>();
        var metrics = new ReconcileMetrics(command -> {
            listener.set(command);
            return finish.asMono();
        }, meters, clock);
        List<ReconcileProgress> console = new ArrayList<>();

        metrics.reconcile(new ReconcileUsersCommand(ReconcileMode.DRY_RUN, console::add)).subscribe();
        assertThat(gauge(ReconcileMetrics.RUNNING)).isEqualTo(1);
        listener.get().progress().onProgress(listing(1, 500, new ReconcileCounts(490, 5, 0, 4), 1));
        listener.get().progress().onProgress(listing(1, 400, new ReconcileCounts(400, 0, 0, 0), 0)); // late, older total
        assertThat(counter(ReconcileMetrics.USERS_LISTED, "mode", "dry_run")).isEqualTo(500);
        listener.get().progress().onProgress(listing(2, 700, new ReconcileCounts(690, 5, 0, 4), 1));

        assertThat(console).hasSize(3);
        assertThat(counter(ReconcileMetrics.USERS_LISTED, "mode", "dry_run")).isEqualTo(700);
        assertThat(counter(ReconcileMetrics.PAGES, "mode", "dry_run")).isEqualTo(2);
        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "create")).isEqualTo(690);
        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "unusable")).isEqualTo(1);

        finish.tryEmitValue(new ReconcileReport(ReconcileMode.DRY_RUN, new ReconcileCounts(690, 5, 2, 4), 2, 700, 1, 3, 1,
                Duration.ofSeconds(2)));

        assertThat(counter(ReconcileMetrics.ACTIONS, "mode", "dry_run", "action", "delete")).as("topped up to the report").isEqualTo(2);
        assertThat(counter(ReconcileMetrics.RUNS, "mode", "dry_run", "result", "ok")).isEqualTo(1);
        assertThat(gauge(ReconcileMetrics.RUNNING)).isZero();
        assertThat(gauge(ReconcileMetrics.LAST_SUCCESS)).isEqualTo(clock.millis() / 1000.0);
    }

    @Test
    void aRunSkippedForTheLockAndAFailedRunAreCountedApartAndAreNoSuccess() {
        var skipped = new ReconcileMetrics(command -> Mono.error(new ReconcileAlreadyRunningException("held")), meters, clock);
        var failedMeters = new SimpleMeterRegistry();
        var failing = new ReconcileMetrics(command -> Mono.error(new IdentityProviderUnavailableException("down", null)),
                failedMeters, clock);

        skipped.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)).onErrorResume(e -> Mono.empty()).block();
        failing.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)).onErrorResume(e -> Mono.empty()).block();

        assertThat(counter(ReconcileMetrics.RUNS, "mode", "apply", "result", "skipped")).isEqualTo(1);
        assertThat(failedMeters.get(ReconcileMetrics.RUNS).tags("mode", "apply", "result", "failed").counter().count()).isEqualTo(1);
        assertThat(failedMeters.find(ReconcileMetrics.RUNS).tags("result", "skipped").counter()).isNull();
        assertThat(gauge(ReconcileMetrics.LAST_SUCCESS)).isZero();
        assertThat(failedMeters.get(ReconcileMetrics.LAST_SUCCESS).gauge().value()).isZero();
        assertThat(gauge(ReconcileMetrics.RUNNING)).isZero();
    }
}
