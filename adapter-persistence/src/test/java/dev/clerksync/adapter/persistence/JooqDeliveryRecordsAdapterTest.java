package dev.clerksync.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JooqDeliveryRecordsAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant CUTOFF = Instant.parse("2026-11-19T12:00:00Z");

    private static PostgresTestDatabase database;
    private static JooqDeliveryRecordsAdapter adapter;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
        adapter = new JooqDeliveryRecordsAdapter(DSL.using(database.connectionPool(2), SQLDialect.POSTGRES), 3,
                Duration.ofSeconds(5));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTheTable() throws SQLException {
        sql("truncate processed_webhook_deliveries");
    }

    @Test
    void deletesEveryRecordProcessedBeforeTheCutoffInBatchesAndKeepsTheRest() throws SQLException {
        record("msg_old_", 10, CUTOFF.minus(Duration.ofDays(3)));
        record("msg_just_before_", 1, CUTOFF.minusNanos(1_000));
        record("msg_at_cutoff_", 1, CUTOFF);
        record("msg_new_", 4, CUTOFF.plus(Duration.ofHours(1)));

        var deleted = adapter.deleteProcessedBefore(CUTOFF).block(WAIT);

        assertThat(deleted).as("11 rows in batches of 3: 3, 3, 3, 2").isEqualTo(11);
        assertThat(remainingIds()).containsExactlyInAnyOrder("msg_at_cutoff_0", "msg_new_0", "msg_new_1", "msg_new_2", "msg_new_3");
    }

    @Test
    void deletesNothingWhenNothingIsOldEnough() throws SQLException {
        record("msg_new_", 2, CUTOFF.plus(Duration.ofDays(1)));

        assertThat(adapter.deleteProcessedBefore(CUTOFF).block(WAIT)).isZero();
        assertThat(remainingIds()).hasSize(2);
    }

    @Test
    void aBacklogThatIsAnExactMultipleOfTheBatchEndsWithAnEmptyBatch() throws SQLException {
        record("msg_old_", 6, CUTOFF.minus(Duration.ofDays(1)));

        assertThat(adapter.deleteProcessedBefore(CUTOFF).block(WAIT)).isEqualTo(6);
        assertThat(remainingIds()).isEmpty();
    }

    private static void record(String prefix, int count, Instant processedAt) throws SQLException {
        try (var connection = database.openJdbcConnection();
                var insert = connection.prepareStatement(
                        "insert into processed_webhook_deliveries (delivery_id, processed_at) values (?, ?::timestamptz)")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, prefix + i);
                insert.setString(2, processedAt.toString());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<String> remainingIds() throws SQLException {
        try (var connection = database.openJdbcConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select delivery_id from processed_webhook_deliveries")) {
            var ids = new ArrayList<String>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static void sql(String statement) throws SQLException {
        try (var connection = database.openJdbcConnection(); var run = connection.createStatement()) {
            run.execute(statement);
        }
    }
}
