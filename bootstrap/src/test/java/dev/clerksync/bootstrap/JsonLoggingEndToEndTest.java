package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/** LOG_FORMAT=json: every log line is one JSON object, and a delivery's line still carries its svix-id. */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingEndToEndTest {

    /**
     * Spring Boot hands the chosen format to Logback through a JVM system property, which outlives
     * the application: clear it so the services other tests start in this JVM log as text again.
     */
    @AfterEach
    void restoreTextLogging() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @Test
    void logsOneJsonObjectPerLineWithTheSvixIdOfEachDelivery(CapturedOutput output) {
        var msgId = SvixTestSigner.newMessageId();
        try (var database = PostgresTestDatabase.createEmpty()) {
            var settings = RunningService.settings(database.postgresqlUrl());
            settings.put("LOG_FORMAT", "json");
            try (var service = RunningService.start(settings)) {
                var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(SignInEndToEndTest.newUserId()).toJson();
                RunningServiceExtension.deliver(service.client(), msgId, body).expectStatus().isOk();
            }
        }

        var json = JsonMapper.builder().build();
        var serviceLines = Arrays.stream(output.getOut().split("\\R"))
                .filter(line -> line.startsWith("{\"@timestamp\"")).toList();
        assertThat(serviceLines).isNotEmpty().allSatisfy(line -> assertThat(json.readTree(line).isObject()).isTrue());
        assertThat(serviceLines).anySatisfy(line -> {
            var event = json.readTree(line);
            assertThat(event.path("message").asString()).contains("svix_id=" + msgId, "outcome=CREATED");
            assertThat(event.path("log").path("logger").asString()).isEqualTo("dev.clerksync.webhook");
        });
    }

    @Test
    void refusesAnUnknownLogFormatNamingTheSetting() {
        var settings = RunningService.settings("postgresql://postgres@127.0.0.1:5432/postgres");
        settings.put("LOG_FORMAT", "xml");

        try {
            new org.springframework.boot.builder.SpringApplicationBuilder(ClerkSyncApplication.class)
                    .run(RunningService.arguments(settings)).close();
            throw new AssertionError("started with LOG_FORMAT=xml");
        } catch (InvalidSettingException e) {
            assertThat(e.setting()).isEqualTo("LOG_FORMAT");
        }
    }
}
