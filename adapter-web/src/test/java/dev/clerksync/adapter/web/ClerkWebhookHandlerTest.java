package dev.clerksync.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.EmailResolution;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import dev.clerksync.domain.model.WebhookReceipt;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ClerkWebhookHandlerTest {

    private static final String BODY = "{\"type\":\"user.created\",\"data\":{\"first_name\":\"Zoë\"}}";

    private final AtomicReference<SignedWebhook> received = new AtomicReference<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Function<SignedWebhook, Mono<WebhookReceipt>> behaviour = webhook -> Mono.just(new WebhookReceipt(
            new DeliveryId("msg_1"), "user.created", Optional.of(new ClerkUserId("user_1")),
            new SyncResult(SyncOutcome.CREATED, EmailResolution.AS_GIVEN)));

    private final ReceiveWebhookUseCase useCase = command -> {
        received.set(command.webhook());
        return behaviour.apply(command.webhook());
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final WebTestClient client = WebTestClient
            .bindToRouterFunction(RouterFunctions.route()
                    .POST(ClerkWebhookHandler.PATH,
                            new ClerkWebhookHandler(useCase, ClerkWebhookHandler.DEFAULT_MAX_BODY_BYTES, meters)::receive)
                    .build())
            .build();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger("dev.clerksync.webhook")).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger("dev.clerksync.webhook")).detachAppender(logs);
    }

    private WebTestClient.ResponseSpec post(Object body) {
        return client.post().uri(ClerkWebhookHandler.PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .header("svix-id", "msg_1")
                .header("Svix-Timestamp", "1700000000")
                .header("svix-signature", "v1,c2lnbmF0dXJl")
                .header("X-Unrelated", "kept out")
                .bodyValue(body)
                .exchange();
    }

    @Test
    void acknowledgesAnAppliedDeliveryWithWhatBecameOfIt() {
        post(BODY).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.deliveryId").isEqualTo("msg_1")
                .jsonPath("$.type").isEqualTo("user.created")
                .jsonPath("$.outcome").isEqualTo("CREATED");
    }

    @Test
    void handsTheExactUtf8BodyAndOnlyTheSignatureHeadersToTheUseCase() {
        post(BODY.getBytes(StandardCharsets.UTF_8)).expectStatus().isOk();

        var webhook = received.get();
        assertThat(webhook.body()).isEqualTo(BODY);
        assertThat(webhook.header("svix-id")).contains("msg_1");
        assertThat(webhook.header("svix-timestamp")).contains("1700000000");
        assertThat(webhook.header("svix-signature")).contains("v1,c2lnbmF0dXJl");
        assertThat(webhook.headers()).doesNotContainKey("x-unrelated");
    }

    @Test
    void acknowledgesDuplicatesAndIgnoredEventsWith2xx() {
        for (var outcome : new SyncOutcome[] {SyncOutcome.DUPLICATE, SyncOutcome.IGNORED, SyncOutcome.STALE}) {
            behaviour = webhook -> Mono.just(new WebhookReceipt(new DeliveryId("msg_1"), "session.created",
                    Optional.empty(), SyncResult.of(outcome)));
            post(BODY).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo(outcome.name());
        }
    }

    @Test
    void answersAnUntrustedWebhookWith400ProblemDetails() {
        behaviour = webhook -> Mono.error(new UntrustedWebhookException("No matching signature found"));

        post(BODY).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/untrusted-webhook")
                .jsonPath("$.detail").isEqualTo("No matching signature found");
    }

    @Test
    void answersASignedButUnusableBodyWith422() {
        behaviour = webhook -> Mono.error(new UnusableWebhookEventException("event has no type"));

        post(BODY).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("event has no type");
    }

    @Test
    void answersAnUnavailableDatabaseWith503AndRetryAfter() {
        behaviour = webhook -> Mono.error(new UserStoreUnavailableException("connection refused", null));

        post(BODY).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/database-unavailable");
    }

    @Test
    void namesTheMissingSecretWhileWebhooksAreNotConfigured() {
        behaviour = webhook -> Mono.error(new WebhookNotConfiguredException("CLERK_WEBHOOK_SIGNING_SECRET"));

        post(BODY).expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.missingSetting").isEqualTo("CLERK_WEBHOOK_SIGNING_SECRET")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("CLERK_WEBHOOK_SIGNING_SECRET"));
    }

    @Test
    void acceptsABodyOfExactlyOneMebibyte() {
        post(new byte[(int) ClerkWebhookHandler.DEFAULT_MAX_BODY_BYTES]).expectStatus().isOk();

        assertThat(received.get().body()).hasSize((int) ClerkWebhookHandler.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    void refusesALargerBodyWith413WithoutCallingTheUseCase() {
        post(new byte[(int) ClerkWebhookHandler.DEFAULT_MAX_BODY_BYTES + 1])
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(received.get()).isNull();
    }

    @Test
    void refusesALargerStreamedBodyWithoutALengthWith413() {
        var chunk = new byte[64 * 1024];
        Flux<DataBuffer> chunks = Flux.range(0, 17).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));

        client.post().uri(ClerkWebhookHandler.PATH)
                .header("svix-id", "msg_1")
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413);
        assertThat(received.get()).isNull();
    }

    @Test
    void treatsAMissingBodyAsEmpty() {
        client.post().uri(ClerkWebhookHandler.PATH).header("svix-id", "msg_1").exchange().expectStatus().isOk();

        assertThat(received.get().body()).isEmpty();
    }

    @Test
    void logsOneLinePerDeliveryWithIdTypeUserOutcomeAndDurationButNeverTheBody() {
        post(BODY).expectStatus().isOk();

        assertThat(logs.list).hasSize(1);
        var line = logs.list.getFirst().getFormattedMessage();
        assertThat(line).contains("svix_id=msg_1", "type=user.created", "user_id=user_1", "outcome=CREATED",
                "duration_ms=");
        assertThat(line).doesNotContain("Zoë", "c2lnbmF0dXJl");
    }

    @Test
    void logsARefusedDeliveryWithAnId() {
        behaviour = webhook -> Mono.error(new UntrustedWebhookException("No matching signature found"));

        post(BODY).expectStatus().isBadRequest();

        assertThat(logs.list).singleElement().satisfies(event ->
                assertThat(event.getFormattedMessage()).contains("svix_id=msg_1", "status=400", "No matching signature found"));
    }

    @Test
    void measuresEveryDeliveryByTypeOutcomeAndStatusAndCountsSignatureFailures() {
        post(BODY).expectStatus().isOk();
        behaviour = webhook -> Mono.error(new UntrustedWebhookException("No matching signature found"));
        post(BODY).expectStatus().isBadRequest();

        assertThat(meters.get("clerksync.webhook.delivery")
                .tags("type", "user.created", "outcome", "CREATED", "status", "200").timer().count()).isEqualTo(1);
        assertThat(meters.get("clerksync.webhook.delivery")
                .tags("type", "-", "outcome", "UNTRUSTED", "status", "400").timer().count()).isEqualTo(1);
        assertThat(meters.get("clerksync.webhook.signature.failures").counter().count()).isEqualTo(1.0);
    }

    @Test
    void neutralisesHostileHeaderValuesInTheLog() {
        behaviour = webhook -> Mono.error(new UntrustedWebhookException("No matching signature found"));

        client.post().uri(ClerkWebhookHandler.PATH)
                .header("svix-id", "msg_1\r\nFAKE LOG LINE " + "x".repeat(200))
                .bodyValue(BODY)
                .exchange()
                .expectStatus().isBadRequest();

        var line = logs.list.getFirst().getFormattedMessage();
        assertThat(line).doesNotContain("\n", "\r", "FAKE LOG LINE", "x".repeat(100));
    }
}
