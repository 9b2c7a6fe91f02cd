package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the runnable jar while deliveries are in flight (held in the database by a row lock
 * this test takes): the service stops accepting connections at once, lets the in-flight deliveries
 * finish and store their change once the lock is gone, and then exits by itself.
 */
class GracefulShutdownIT {

    private static final Path JAR = Path.of("target", "clerksync.jar").toAbsolutePath();
    private static final int IN_FLIGHT = 3;
    private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

    @Test
    void sigtermLetsInFlightDeliveriesFinishRefusesNewOnesAndExits() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        var port = freePort();
        var log = Files.createTempFile("clerksync-shutdown", ".log");
        var personal = new ArrayList<String>();
        try (var database = PostgresTestDatabase.createEmpty()) {
            var java = ProcessHandle.current().info().command().orElse("java");
            var builder = new ProcessBuilder(java, "-jar", JAR.toString())
                    .directory(Files.createTempDirectory("clerksync-shutdown-cwd").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("DATABASE_URL", database.postgresqlUrl());
            builder.environment().put("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET);
            builder.environment().put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(freePort()));
            var process = builder.start();
            try {
                var users = new ArrayList<String>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    var userId = "user_" + UUID.randomUUID().toString().replace("-", "");
                    users.add(userId);
                    var response = postWhenUp(port, body(userId, "signup", 0), process, log);
                    assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(200);
                }
                users.forEach(userId -> personal.addAll(List.of(email(userId, "signup"), email(userId, "update"))));

                var probes = new ArrayList<Probe>();
                long sigterm;
                boolean refused = false;
                List<CompletableFuture<HttpResponse<String>>> inFlight;
                try (Connection locker = lockRows(database, users)) {
                    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    inFlight = users.stream()
                            .map(userId -> client.sendAsync(request(port, body(userId, "update", 1)),
                                    HttpResponse.BodyHandlers.ofString()))
                            .toList();
                    awaitLockWaits(database, IN_FLIGHT);

                    process.destroy(); // SIGTERM
                    sigterm = System.nanoTime();
                    awaitLogLine(log, "Commencing graceful shutdown", Duration.ofSeconds(5));
                    // New connections, as new deliveries open them: refused as soon as the listener is
                    // closed (one sent in the moment before may still be served, and must then be stored).
                    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (!refused && System.nanoTime() < deadline) {
                        var probeUser = "user_probe" + UUID.randomUUID().toString().replace("-", "");
                        try {
                            var answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                                    .send(request(port, body(probeUser, "probe", 1)), HttpResponse.BodyHandlers.ofString());
                            probes.add(new Probe(probeUser, answer.statusCode()));
                            personal.add(email(probeUser, "probe"));
                            Thread.sleep(50);
                        } catch (ConnectException e) {
                            refused = true;
                        }
                    }
                    assertThat(inFlight).as("still in flight when the lock is released").noneMatch(CompletableFuture::isDone);
                    locker.rollback();
                }

                for (var delivery : inFlight) {
                    var response = delivery.get(10, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(200);
                    assertThat(response.body()).contains("\"outcome\":\"UPDATED\"");
                }
                assertThat(refused).as("new connections refused within 2 s of the shutdown starting").isTrue();
                assertThat(probes).as("deliveries that raced the listener's closing").hasSizeLessThanOrEqualTo(3)
                        .allSatisfy(probe -> assertThat(probe.status()).isIn(200, 503));
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s of SIGTERM").isTrue();
                long exitedAfterMillis = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
                // The JVM's exit status after SIGTERM and its shutdown hooks: 128 + 15.
                assertThat(process.exitValue()).isEqualTo(143);
                System.out.printf("graceful shutdown: %d deliveries in flight at SIGTERM all answered 200 and stored;"
                        + " %d new deliveries served before the listener closed, then connections refused;"
                        + " exited %d ms after SIGTERM%n", IN_FLIGHT, probes.size(), exitedAfterMillis);
                for (var userId : users) {
                    assertThat(database.storedEmail(userId).orElse(null)).isEqualTo(email(userId, "update"));
                }
                for (var probe : probes) {
                    assertThat(database.storedEmail(probe.userId()).isPresent()).isEqualTo(probe.status() == 200);
                }
                assertThat(Files.readString(log)).contains("Graceful shutdown complete").doesNotContain("Graceful shutdown aborted");
            } finally {
                process.destroyForcibly();
            }
        }
        LogSecrets.assertNoSecretsOrPayloadsIn(Files.readString(log), personal);
    }

    private record Probe(String userId, int status) {
    }

    private static String email(String userId, String what) {
        return what + "." + userId.substring(5) + "@example.com";
    }

    private static String body(String userId, String what, int seconds) {
        return ClerkFixtures.event(seconds == 0 ? ClerkFixtures.USER_CREATED : ClerkFixtures.USER_UPDATED).userId(userId)
                .primaryEmail(email(userId, what)).updatedAt(T0.plusSeconds(seconds)).toJson();
    }

    private static HttpRequest request(int port, String body) {
        var headers = SvixTestSigner.withTestSecret().headers(body);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webhooks/clerk"))
                .header("content-type", "application/json")
                .header("svix-id", headers.id())
                .header("svix-timestamp", headers.timestamp())
                .header("svix-signature", headers.signature())
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse<String> postWhenUp(int port, String body, Process process, Path log)
            throws IOException, InterruptedException {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                return client.send(request(port, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYetListening) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the jar did not start serving:\n" + Files.readString(log), notYetListening);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Locks the users' rows in a transaction left open: their next change waits for it. */
    private static Connection lockRows(PostgresTestDatabase database, List<String> users) throws SQLException {
        var connection = database.openJdbcConnection();
        connection.setAutoCommit(false);
        try (var statement = connection.prepareStatement("select 1 from users where clerk_id = any (?) for update")) {
            statement.setArray(1, connection.createArrayOf("text", users.toArray()));
            statement.executeQuery().close();
        }
        return connection;
    }

    /** Waits until that many of the service's statements wait for a lock. */
    private static void awaitLockWaits(PostgresTestDatabase database, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        try (var connection = database.openJdbcConnection();
                var query = connection.prepareStatement("select count(*) from pg_stat_activity"
                        + " where datname = ? and wait_event_type = 'Lock'")) {
            query.setString(1, database.databaseName());
            while (true) {
                try (var rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= count) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the deliveries did not reach the locked rows within 4 s");
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitLogLine(Path log, String line, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.readString(log).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + line + "\" in the log within " + within + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }


    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
