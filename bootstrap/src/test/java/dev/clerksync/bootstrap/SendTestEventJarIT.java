package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar clerksync.jar send-test-event user.created} as the README has it: the secret from
 * {@code .env} in the working directory, the service found at {@code localhost:$PORT}.
 */
class SendTestEventJarIT {

    private static final Path JAR = Path.of("target", "clerksync.jar").toAbsolutePath();

    @Test
    void theJarSendsAUserCreatedEventThatTheRunningServiceStores() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        try (var database = PostgresTestDatabase.createEmpty(); var service = RunningService.start(database.postgresqlUrl())) {
            var workingDirectory = Files.createTempDirectory("clerksync-send-test-event-cwd");
            Files.writeString(workingDirectory.resolve(".env"), "CLERK_WEBHOOK_SIGNING_SECRET=" + SvixTestSigner.TEST_SECRET + "\n");
            var out = Files.createTempFile("clerksync-send-test-event", ".out");
            var java = ProcessHandle.current().info().command().orElse("java");
            var builder = new ProcessBuilder(java, "-jar", JAR.toString(), "send-test-event", "user.created")
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().remove("CLERK_WEBHOOK_SIGNING_SECRET");
            builder.environment().put("PORT", Integer.toString(service.port()));
            var process = builder.start();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited by itself").isTrue();
                var printed = Files.readString(out);

                assertThat(process.exitValue()).as(printed).isZero();
                assertThat(printed).contains("HTTP 200", "\"outcome\":\"CREATED\"");
                var matcher = Pattern.compile("for (user_[0-9A-Za-z]{27})").matcher(printed);
                assertThat(matcher.find()).as(printed).isTrue();
                assertThat(storedUsers(database, matcher.group(1))).isEqualTo(1);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static long storedUsers(PostgresTestDatabase database, String userId) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.prepareStatement("select count(*) from users where clerk_id = ? and deleted_at is null")) {
            statement.setString(1, userId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
