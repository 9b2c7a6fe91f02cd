package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar clerksync.jar reconcile [--dry-run]} as an operator runs it: the process starts
 * without a web server, migrates an empty database, reconciles, prints, and exits with its code.
 */
class ReconcileJarIT {

    private static final Path JAR = Path.of("target", "clerksync.jar").toAbsolutePath();

    private record Exit(int code, String out, String err) {
    }

    private static Exit runJar(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        assertThat(JAR).as("built by the package phase").exists();
        var out = Files.createTempFile("clerksync-reconcile", ".out");
        var err = Files.createTempFile("clerksync-reconcile", ".err");
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<String>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command)
                .directory(Files.createTempDirectory("clerksync-reconcile-cwd").toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        var process = builder.start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exited by itself:\n" + Files.readString(out)).isTrue();
            return new Exit(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aDryRunOfTheJarPrintsItsSummaryAndExitsZeroWithoutServing() throws Exception {
        // PORT is taken: a web server starting would fail the run.
        try (var database = PostgresTestDatabase.createEmpty(); var clerk = ClerkBackendApiStandIn.start();
             var takenPort = new ServerSocket(0)) {
            clerk.addUsers(3);

            var exit = runJar(Map.of("DATABASE_URL", database.postgresqlUrl(), "CLERK_API_URL", clerk.apiUrl(),
                    "CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY, "PORT", Integer.toString(takenPort.getLocalPort())),
                    "reconcile", "--dry-run");

            assertThat(exit.code()).as(exit.out() + exit.err()).isZero();
            assertThat(exit.out()).contains("Reconcile summary (dry run", "| create    |     3 |");
            assertThat(liveUsers(database)).as("migrated, and nothing written").isZero();
        }
    }

    @Test
    void aRefusedSecretKeyMakesTheJarExitOneWithTheReason() throws Exception {
        try (var database = PostgresTestDatabase.createEmpty(); var clerk = ClerkBackendApiStandIn.start()) {
            var exit = runJar(Map.of("DATABASE_URL", database.postgresqlUrl(), "CLERK_API_URL", clerk.apiUrl(),
                    "CLERK_SECRET_KEY", "sk_test_revoked"), "reconcile");

            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.err()).contains("reconcile failed: CLERK_SECRET_KEY was refused by Clerk (401)");
        }
    }

    private static long liveUsers(PostgresTestDatabase database) throws SQLException {
        return database.rowCount("users");
    }
}
