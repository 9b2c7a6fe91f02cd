package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@code CLERK_RECONCILE_INTERVAL}: the same reconcile, run by the service itself. */
class ReconcileScheduleEndToEndTest {

    private final PostgresTestDatabase database = PostgresTestDatabase.createEmpty();
    private final ClerkBackendApiStandIn clerk = ClerkBackendApiStandIn.start();

    @AfterEach
    void stop() {
        clerk.close();
        database.close();
    }

    private Map<String, String> settings() {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("CLERK_API_URL", clerk.apiUrl());
        settings.put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
        return settings;
    }

    private long liveUsers() throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from users where deleted_at is null")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void theServiceReconcilesOnItsScheduleWhileServing() throws Exception {
        clerk.addUsers(7);
        var settings = settings();
        settings.put(ReconcileConfiguration.INTERVAL_SETTING, "6h");
        settings.put(ReconcileConfiguration.FIRST_RUN_DELAY_PROPERTY, "0s");

        try (var service = RunningService.start(settings)) {
            assertThat(service.bean(ReconcileSchedule.class).interval()).contains(Duration.ofHours(6));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (liveUsers() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(liveUsers()).isEqualTo(7);
            assertThat(clerk.requests()).as("one run, not more, within the interval").hasSize(1);
            service.client().post().uri("/api/webhooks/clerk").exchange().expectStatus().isBadRequest();
        }
    }

    @Test
    void isOffUnlessTheIntervalIsSet() {
        try (var service = RunningService.start(settings())) {
            assertThat(service.bean(ReconcileSchedule.class).interval()).isEmpty();
            assertThat(service.bean(ReconcileSchedule.class).isRunning()).isFalse();
        }
        assertThat(clerk.requests()).isEmpty();
    }

    @Test
    void refusesToStartWithAnIntervalThatIsNotADurationOrTooShort() {
        for (var interval : new String[] {"often", "30s"}) {
            var settings = settings();
            settings.put(ReconcileConfiguration.INTERVAL_SETTING, interval);

            assertThatThrownBy(() -> new SpringApplicationBuilder(ClerkSyncApplication.class)
                    .run(RunningService.arguments(settings)).close())
                    .as(interval)
                    .hasRootCauseInstanceOf(InvalidSettingException.class)
                    .satisfies(failure -> assertThat(rootCause(failure).getMessage()).startsWith("CLERK_RECONCILE_INTERVAL "));
        }
    }

    private static Throwable rootCause(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException) {
                return cause;
            }
        }
        return failure;
    }
}
