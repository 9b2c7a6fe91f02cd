package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/** How the service reads the guide's settings, and how it refuses bad ones. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private static Throwable startupFailure(Map<String, String> settings) {
        try {
            new SpringApplicationBuilder(ClerkSyncApplication.class).run(RunningService.arguments(settings)).close();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the service started with " + settings.keySet());
    }

    private static InvalidSettingException invalidSetting(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("no InvalidSettingException in the failure chain", failure);
    }

    @Test
    void startsWithoutClerkSettingsAndAnswersWebhooksWith503NamingTheMissingSecret(CapturedOutput output) {
        var settings = new LinkedHashMap<String, String>();
        settings.put("DATABASE_URL", database.postgresqlUrl());

        try (var service = RunningService.start(settings)) {
            RunningServiceExtension.deliver(service.client(), SvixTestSigner.newMessageId(), ClerkFixtures.userCreated())
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.missingSetting").isEqualTo("CLERK_WEBHOOK_SIGNING_SECRET")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("CLERK_WEBHOOK_SIGNING_SECRET"));
        }
        assertThat(output.getOut()).contains("Clerk is not fully configured", "CLERK_WEBHOOK_SIGNING_SECRET",
                "PUBLIC_CLERK_PUBLISHABLE_KEY", "CLERK_SECRET_KEY");
    }

    @Test
    void refusesToStartWithASigningSecretThatIsNotBase64NamingItButNotEchoingIt(CapturedOutput output) {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_not*base64!secretvalue");

        var failure = invalidSetting(startupFailure(settings));

        assertThat(failure.setting()).isEqualTo("CLERK_WEBHOOK_SIGNING_SECRET");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "CLERK_WEBHOOK_SIGNING_SECRET")
                .doesNotContain("not*base64!secretvalue");
    }

    @Test
    void refusesToStartWithAPublishableKeyThatDoesNotDecode(CapturedOutput output) {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("PUBLIC_CLERK_PUBLISHABLE_KEY", "pk_test_bm90IGEga2V5");

        assertThat(invalidSetting(startupFailure(settings)).setting()).isEqualTo("PUBLIC_CLERK_PUBLISHABLE_KEY");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "PUBLIC_CLERK_PUBLISHABLE_KEY");
    }

    @Test
    void refusesToStartWithoutADatabaseUrlOutsideTheLocalProfile(CapturedOutput output) {
        var failure = invalidSetting(startupFailure(Map.of("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET)));

        assertThat(failure.setting()).isEqualTo("DATABASE_URL");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "DATABASE_URL is not set");
    }

    @Test
    void refusesToServeHealthAndMetricsOnThePublicPortOrNowhere() {
        var shared = RunningService.settings(database.postgresqlUrl());
        shared.put("PORT", "18480");
        shared.put("MANAGEMENT_SERVER_PORT", "18480");
        var disabled = RunningService.settings(database.postgresqlUrl());
        disabled.put("MANAGEMENT_SERVER_PORT", "-1");

        var sharedFailure = invalidSetting(startupFailure(shared));
        var disabledFailure = invalidSetting(startupFailure(disabled));

        assertThat(sharedFailure.setting()).isEqualTo("MANAGEMENT_SERVER_PORT");
        assertThat(sharedFailure.getMessage()).contains("must differ from PORT (18480)");
        assertThat(disabledFailure.getMessage()).isEqualTo(
                "MANAGEMENT_SERVER_PORT must be a port number (0 for any free one), not -1");
    }

    @Test
    void refusesToStartWithAMalformedDatabaseUrl() {
        var settings = RunningService.settings("mysql://root@localhost/app");

        assertThat(invalidSetting(startupFailure(settings)).getMessage()).startsWith("DATABASE_URL must start with");
    }

    @Test
    void readsSettingsFromADotenvFileAndLetsTheRealEnvironmentWin(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve(".env"), """
                # as the guide's .env.example
                DATABASE_URL=%s
                CLERK_WEBHOOK_SIGNING_SECRET=%s
                PORT=1
                """.formatted(database.postgresqlUrl(), SvixTestSigner.TEST_SECRET));
        var port = freePort();

        try (var service = RunningService.start(Map.of(RunningService.DOTENV_DIRECTORY, directory.toString(),
                "PORT", Integer.toString(port)))) {
            assertThat(service.port()).isEqualTo(port);
            RunningServiceExtension.deliver(service.client(), SvixTestSigner.newMessageId(), ClerkFixtures.userCreated())
                    .expectStatus().isOk();
        }
    }

    @Test
    void databasePoolSizeBoundsTheConnectionPool() {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("DATABASE_POOL_SIZE", "3");

        try (var service = RunningService.start(settings)) {
            var pool = (ConnectionPool) service.bean(ConnectionFactory.class);
            assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(3);
        }
    }

    @Test
    void opensThePoolsFirstConnectionsWhileStartingNotOnTheFirstRequest() throws InterruptedException {
        try (var service = RunningService.start(database.postgresqlUrl())) {
            var metrics = ((ConnectionPool) service.bean(ConnectionFactory.class)).getMetrics().orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (metrics.allocatedSize() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            // spring.r2dbc.pool.initial-size, with no request served yet
            assertThat(metrics.allocatedSize()).isEqualTo(2);
            assertThat(metrics.idleSize()).isEqualTo(2);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
