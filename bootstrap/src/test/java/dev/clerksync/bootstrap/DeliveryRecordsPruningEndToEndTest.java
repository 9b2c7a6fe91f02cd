package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@code CLERKSYNC_DELIVERY_RETENTION}: the service forgets old delivery ids by itself. */
class DeliveryRecordsPruningEndToEndTest {

    private final PostgresTestDatabase database = PostgresTestDatabase.create();

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void theServiceDeletesDeliveryIdsOlderThanTheRetentionAndKeepsTheRecentOnes() throws Exception {
        sql("insert into processed_webhook_deliveries (delivery_id, processed_at) values"
                + " ('msg_eight_days_old', now() - interval '8 days'),"
                + " ('msg_three_days_old', now() - interval '3 days'),"
                + " ('msg_yesterday', now() - interval '1 day')");
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put(DeliveryRecordsConfiguration.RETENTION_SETTING, "72h");
        settings.put(DeliveryRecordsConfiguration.FIRST_RUN_DELAY_PROPERTY, "0s");

        try (var service = RunningService.start(settings)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (deliveryIds().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            assertThat(deliveryIds()).as("older than 72 h: deleted").containsExactly("msg_yesterday");
            assertThat(service.bean(DeliveryRecordsPruning.class).isRunning()).isTrue();
        }
    }

    @Test
    void refusesToStartWithARetentionShorterThanSvixRetriesOrNotADuration() {
        for (var retention : new String[] {"1d", "a week"}) {
            var settings = RunningService.settings(database.postgresqlUrl());
            settings.put(DeliveryRecordsConfiguration.RETENTION_SETTING, retention);

            assertThatThrownBy(() -> new SpringApplicationBuilder(ClerkSyncApplication.class)
                    .run(RunningService.arguments(settings)).close())
                    .as(retention)
                    .hasRootCauseInstanceOf(InvalidSettingException.class)
                    .rootCause()
                    .hasMessageStartingWith("CLERKSYNC_DELIVERY_RETENTION ");
        }
    }

    private List<String> deliveryIds() throws SQLException {
        try (var connection = database.openJdbcConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select delivery_id from processed_webhook_deliveries order by 1")) {
            var ids = new ArrayList<String>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private void sql(String statement) throws SQLException {
        try (var connection = database.openJdbcConnection(); var run = connection.createStatement()) {
            run.execute(statement);
        }
    }
}
