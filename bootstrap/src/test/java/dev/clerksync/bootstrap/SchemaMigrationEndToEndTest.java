package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Liquibase migrates the schema at start, and is left out of a start that has nothing to migrate. */
@ExtendWith(OutputCaptureExtension.class)
class SchemaMigrationEndToEndTest {

    private static final String UP_TO_DATE = "Database schema up to date (2 changesets recorded as this build ships them)";

    private static int changeSetsApplied(PostgresTestDatabase database) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from databasechangelog")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void theFirstStartMigratesAnEmptyDatabaseAndARestartServesWithoutRunningLiquibase(CapturedOutput output)
            throws SQLException {
        try (var database = PostgresTestDatabase.createEmpty()) {
            try (var first = RunningService.start(database.postgresqlUrl())) {
                assertThat(changeSetsApplied(database)).isEqualTo(2);
                assertThat(output.getOut()).doesNotContain(UP_TO_DATE);
            }
            var before = output.getOut().length();

            try (var restarted = RunningService.start(database.postgresqlUrl())) {
                assertThat(output.getOut().substring(before)).contains(UP_TO_DATE);
                assertThat(changeSetsApplied(database)).isEqualTo(2);
                var userId = SignInEndToEndTest.newUserId();
                var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                        .primaryEmail("restart+" + userId + "@example.com").toJson();
                RunningServiceExtension.deliver(restarted.client(), dev.clerksync.adapter.clerk.testing.SvixTestSigner.newMessageId(), body)
                        .expectStatus().isOk();
                assertThat(database.storedEmail(userId)).contains("restart+" + userId + "@example.com");
            }
        }
    }
}
