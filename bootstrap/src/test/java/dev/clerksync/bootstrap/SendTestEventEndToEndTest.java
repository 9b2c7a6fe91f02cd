package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code send-test-event} against the whole service running as the README runs it (another
 * "terminal": the same JVM here), the secret shared through {@code .env}: each event lands in the
 * users table as a Clerk delivery would.
 */
class SendTestEventEndToEndTest {

    private static PostgresTestDatabase database;
    private static RunningService service;
    private static Path dotenvDirectory;

    @BeforeAll
    static void startTheService() throws IOException {
        database = PostgresTestDatabase.createEmpty();
        service = RunningService.start(database.postgresqlUrl());
        dotenvDirectory = Files.createTempDirectory("clerksync-send-test-event");
        Files.writeString(dotenvDirectory.resolve(".env"), "CLERK_WEBHOOK_SIGNING_SECRET=" + SvixTestSigner.TEST_SECRET + "\n");
    }

    @AfterAll
    static void stopTheService() {
        service.close();
        database.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** The command with the .env that holds the service's secret, and the service's PORT. */
    private static Run sendTestEvent(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.add("--" + RunningService.DOTENV_DIRECTORY + "=" + dotenvDirectory);
        args.add("--PORT=" + service.port());
        return run(args);
    }

    private static Run run(List<String> args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exitCode = SendTestEventCommandLine.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCreatedUserCanBeUpdatedAndDeletedWithTheIdTheCommandPrinted() throws SQLException {
        var created = sendTestEvent("send-test-event", "user.created");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("HTTP 200", "\"type\":\"user.created\"", "\"outcome\":\"CREATED\"");
        var matcher = Pattern.compile("Sending user\\.created for (user_[0-9A-Za-z]{27}) \\(a new user id\\)").matcher(created.out());
        assertThat(matcher.find()).as(created.out()).isTrue();
        var userId = matcher.group(1);
        assertThat(created.out()).contains("Next: send-test-event user.updated --user-id " + userId);
        assertThat(row(userId)).isEqualTo("ada.lovelace+" + userId.substring(userId.length() - 8).toLowerCase() + "@example.com"
                + " | Ada Lovelace | live");

        var updated = sendTestEvent("send-test-event", "user.updated", "--user-id", userId, "--email", "ada@example.com");

        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(updated.out()).contains("HTTP 200", "\"outcome\":\"UPDATED\"");
        assertThat(row(userId)).isEqualTo("ada@example.com | Ada King | live");
        assertThat(updated.out()).contains("Next: send-test-event user.deleted --user-id " + userId);

        var deleted = sendTestEvent("send-test-event", "user.deleted", "--user-id=" + userId);

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("HTTP 200", "\"outcome\":\"DELETED\"");
        assertThat(row(userId)).as("a tombstone").isEqualTo("null | null | deleted");
    }

    @Test
    void anAnswerOtherThan2xxIsPrintedAndExitsOne() throws IOException {
        var otherSecret = Files.createTempDirectory("clerksync-other-secret");
        Files.writeString(otherSecret.resolve(".env"), "CLERK_WEBHOOK_SIGNING_SECRET=whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0zMmJ5dGVz\n");

        var refused = run(List.of("send-test-event", "user.created", "--url", "http://127.0.0.1:" + service.port() + "/api/webhooks/clerk",
                "--" + RunningService.DOTENV_DIRECTORY + "=" + otherSecret));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("HTTP 400", "Webhook signature could not be verified", "started with another CLERK_WEBHOOK_SIGNING_SECRET")
                .doesNotContain("b3RoZXItc2VjcmV0");
    }

    @Test
    void aServiceThatDoesNotAnswerIsSaidSoAndExitsOne() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        var unreachable = run(List.of("send-test-event", "user.created", "--PORT=" + closedPort,
                "--" + RunningService.DOTENV_DIRECTORY + "=" + dotenvDirectory));

        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("nothing answers at http://localhost:" + closedPort + "/api/webhooks/clerk (connection refused)",
                "Start the service in another terminal");
    }

    @Test
    void aMissingSecretIsNamedWithHowToSetOneAndExitsOne() {
        var missing = run(List.of("send-test-event", "user.created", "--PORT=" + service.port(),
                "--" + RunningService.DOTENV_DIRECTORY + "=" + RunningService.emptyDirectory()));

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("CLERK_WEBHOOK_SIGNING_SECRET is not set", ">> .env");
        assertThat(missing.out()).doesNotContain("HTTP");
    }

    @Test
    void wrongArgumentsExitTwoWithTheUsage() {
        for (var arguments : List.of(
                List.of("send-test-event"),
                List.of("send-test-event", "session.created"),
                List.of("send-test-event", "user.updated", "--user-id"),
                List.of("send-test-event", "user.updated", "--user-id", "org_123"),
                List.of("send-test-event", "user.created", "--url", "localhost:8080"),
                List.of("send-test-event", "user.created", "--verbose"))) {
            var wrong = run(arguments);

            assertThat(wrong.exitCode()).as(String.join(" ", arguments)).isEqualTo(2);
            assertThat(wrong.err()).as(String.join(" ", arguments)).contains("Usage: java -jar clerksync.jar send-test-event");
        }
    }

    @Test
    void theCommandIsRecognisedAfterTheOptionsSpringBootRunPutsFirst() {
        assertThat(SendTestEventCommandLine.isRequested(new String[] {"--spring.profiles.active=local", "send-test-event", "user.created"}))
                .isTrue();
        assertThat(SendTestEventCommandLine.isRequested(new String[] {"reconcile"})).isFalse();
        assertThat(SendTestEventCommandLine.isRequested(new String[] {"--PORT=9000"})).isFalse();
    }

    /** {@code email | name | live or deleted}. */
    private static String row(String userId) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.prepareStatement("select email, name, deleted_at from users where clerk_id = ?")) {
            statement.setString(1, userId);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a row for " + userId).isTrue();
                return rows.getString(1) + " | " + rows.getString(2) + " | " + (rows.getTimestamp(3) == null ? "live" : "deleted");
            }
        }
    }
}
