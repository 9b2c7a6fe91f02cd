package dev.clerksync.application.service;

import static dev.clerksync.application.service.Users.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.model.VerifiedWebhook;
import dev.clerksync.domain.model.WebhookEvent;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import dev.clerksync.domain.port.in.ReceiveWebhookCommand;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import dev.clerksync.domain.port.out.VerifyWebhookSignaturePort;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ReceiveWebhookServiceTest {

    /** A stand-in signature check: the body is trusted when the header "signature" says "valid". */
    private static final VerifyWebhookSignaturePort SIGNATURES = webhook -> {
        if (!webhook.header("signature").equals(Optional.of("valid"))) {
            throw new UntrustedWebhookException("No matching signature found");
        }
        return new VerifiedWebhook(new DeliveryId(webhook.header("id").orElseThrow()), webhook.body());
    };

    /** A stand-in parser: bodies are names of prepared events. */
    private static final ParseWebhookEventPort EVENTS = body -> switch (body) {
        case "ada created" -> new WebhookEvent.UserChanged("user.created", snapshot("user_ada", "ada@example.com", 1));
        case "ada deleted" -> new WebhookEvent.UserChanged("user.deleted", Users.deletion("user_ada", 2));
        case "session" -> new WebhookEvent.Ignored("session.created");
        default -> throw new UnusableWebhookEventException("body is not valid JSON");
    };

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final AtomicInteger parsed = new AtomicInteger();
    private final ReceiveWebhookService service = new ReceiveWebhookService(SIGNATURES, body -> {
        parsed.incrementAndGet();
        return EVENTS.parse(body);
    }, users);

    private static ReceiveWebhookCommand delivery(String id, String body, String signature) {
        return new ReceiveWebhookCommand(new SignedWebhook(body, Map.of("id", id, "signature", signature)));
    }

    @Test
    void appliesAVerifiedUserEventAndReportsWhatHappened() {
        StepVerifier.create(service.receive(delivery("msg_1", "ada created", "valid")))
                .assertNext(receipt -> {
                    assertThat(receipt.deliveryId()).isEqualTo(new DeliveryId("msg_1"));
                    assertThat(receipt.eventType()).isEqualTo("user.created");
                    assertThat(receipt.userId()).contains(new ClerkUserId("user_ada"));
                    assertThat(receipt.result().outcome()).isEqualTo(SyncOutcome.CREATED);
                })
                .verifyComplete();
        assertThat(users.load(new ClerkUserId("user_ada")).block()).isNotNull();
    }

    @Test
    void aRedeliveryOfTheSameMessageIsAcknowledgedButNotAppliedAgain() {
        service.receive(delivery("msg_1", "ada created", "valid")).block();
        service.receive(delivery("msg_2", "ada deleted", "valid")).block();

        StepVerifier.create(service.receive(delivery("msg_1", "ada created", "valid")))
                .assertNext(receipt -> assertThat(receipt.result().outcome()).isEqualTo(SyncOutcome.DUPLICATE))
                .verifyComplete();
        assertThat(users.applied()).hasSize(2);
    }

    @Test
    void rejectsAnUntrustedWebhookWithoutParsingItOrTouchingTheUsers() {
        StepVerifier.create(service.receive(delivery("msg_1", "ada created", "forged")))
                .expectErrorMatches(e -> e instanceof UntrustedWebhookException)
                .verify();
        assertThat(parsed).hasValue(0);
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void refusesASignedBodyThatIsNoEventWithoutTouchingTheUsers() {
        StepVerifier.create(service.receive(delivery("msg_1", "{not json", "valid")))
                .expectErrorMatches(e -> e instanceof UnusableWebhookEventException)
                .verify();
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void acknowledgesOtherEventTypesWithoutTouchingTheUsers() {
        StepVerifier.create(service.receive(delivery("msg_1", "session", "valid")))
                .assertNext(receipt -> {
                    assertThat(receipt.eventType()).isEqualTo("session.created");
                    assertThat(receipt.userId()).isEmpty();
                    assertThat(receipt.result().outcome()).isEqualTo(SyncOutcome.IGNORED);
                })
                .verifyComplete();
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void saysSoWhenNoSigningSecretIsConfigured() {
        var unconfigured = new ReceiveWebhookService(webhook -> {
            throw new WebhookNotConfiguredException("CLERK_WEBHOOK_SIGNING_SECRET");
        }, EVENTS, users);

        StepVerifier.create(unconfigured.receive(delivery("msg_1", "ada created", "valid")))
                .expectErrorMatches(e -> e instanceof WebhookNotConfiguredException missing
                        && missing.setting().equals("CLERK_WEBHOOK_SIGNING_SECRET"))
                .verify();
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void passesAnUnavailableUserStoreOnSoTheSenderRetries() {
        ApplyUserChangePort down = (change, delivery) ->
                Mono.error(new UserStoreUnavailableException("connection refused", null));
        var service = new ReceiveWebhookService(SIGNATURES, EVENTS, down);

        StepVerifier.create(service.receive(delivery("msg_1", "ada created", "valid")))
                .expectError(UserStoreUnavailableException.class)
                .verify();
    }

    @Test
    void doesNoWorkUntilSubscribed() {
        service.receive(delivery("msg_1", "ada created", "valid"));

        assertThat(parsed).hasValue(0);
        assertThat(users.applied()).isEmpty();
    }
}
