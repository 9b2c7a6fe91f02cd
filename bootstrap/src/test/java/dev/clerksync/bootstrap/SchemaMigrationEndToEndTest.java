package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Liquibase migrates the schema at start, and is left out of a start that has nothing to migrate. */
@ExtendWith(OutputCaptureExtension.class)
class SchemaMigrationEndToEndTest {

    private static final String UP_TO_DATE = "Database schema up to date (";

    private static long changeSetsApplied(PostgresTestDatabase database) throws SQLException {
        return database.rowCount("databasechangelog");
    }

    @Test
    void theFirstStartMigratesAnEmptyDatabaseAndARestartServesWithoutRunningLiquibase(CapturedOutput output)
            throws SQLException {
        try (var database = PostgresTestDatabase.createEmpty()) {
            long applied;
            try (var first = RunningService.start(database.postgresqlUrl())) {
                applied = changeSetsApplied(database);
                assertThat(applied).isPositive();
                assertThat(output.getOut()).doesNotContain(UP_TO_DATE);
            }
            var before = output.getOut().length();

            try (var restarted = RunningService.start(database.postgresqlUrl())) {
                assertThat(output.getOut().substring(before))
                        .contains(UP_TO_DATE + applied + " changesets recorded as this build ships them)");
                assertThat(changeSetsApplied(database)).isEqualTo(applied);
                var userId = SignInEndToEndTest.newUserId();
                var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                        .primaryEmail("restart+" + userId + "@example.com").toJson();
                RunningServiceExtension.deliver(restarted.client(), SvixTestSigner.newMessageId(), body)
                        .expectStatus().isOk();
                assertThat(database.storedEmail(userId)).contains("restart+" + userId + "@example.com");
            }
        }
    }
}
