package dev.clerksync.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LocalDatabaseCreatorTest {

    @Test
    void createsAMissingDatabaseOnceAndThenLeavesItAlone() throws SQLException {
        try (var server = PostgresTestDatabase.createEmpty()) {
            var maintenance = server.jdbcUrl();
            var name = "clerksync_test_creator_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try {
                assertThat(LocalDatabaseCreator.createIfMissing(maintenance, server.username(), server.password(), name)).isTrue();
                assertThat(LocalDatabaseCreator.createIfMissing(maintenance, server.username(), server.password(), name)).isFalse();

                var created = maintenance.substring(0, maintenance.lastIndexOf('/') + 1) + name;
                try (var connection = DriverManager.getConnection(created, server.username(), server.password())) {
                    assertThat(connection.isValid(2)).isTrue();
                }
            } finally {
                try (var connection = server.openJdbcConnection(); var statement = connection.createStatement()) {
                    statement.execute("drop database if exists \"" + name + "\" with (force)");
                }
            }
        }
    }

    @Test
    void reportsAnUnreachableServer() {
        assertThatThrownBy(() -> LocalDatabaseCreator.createIfMissing(
                "jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "", "clerksync"))
                .isInstanceOf(SQLException.class);
    }
}
