package dev.clerksync.application.service;

import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.VerifiedWebhook;
import dev.clerksync.domain.model.WebhookEvent;
import dev.clerksync.domain.model.WebhookReceipt;
import dev.clerksync.domain.port.in.ReceiveWebhookCommand;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import dev.clerksync.domain.port.out.VerifyWebhookSignaturePort;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Verifies first and parses only a trusted body; applies a user change together with its delivery
 * id so that a redelivery is recognised; acknowledges event types the sync does not act on
 * without touching the user table.
 */
public class ReceiveWebhookService implements ReceiveWebhookUseCase {

    private final VerifyWebhookSignaturePort signatures;
    private final ParseWebhookEventPort events;
    private final ApplyUserChangePort users;

    public ReceiveWebhookService(
            VerifyWebhookSignaturePort signatures, ParseWebhookEventPort events, ApplyUserChangePort users) {
        this.signatures = Objects.requireNonNull(signatures, "signatures must not be null");
        this.events = Objects.requireNonNull(events, "events must not be null");
        this.users = Objects.requireNonNull(users, "users must not be null");
    }

    @Override
    public Mono<WebhookReceipt> receive(ReceiveWebhookCommand command) {
        return Mono.fromCallable(() -> {
                    VerifiedWebhook verified = signatures.verify(command.webhook());
                    return new Trusted(verified, events.parse(verified.body()));
                })
                .flatMap(this::apply);
    }

    private Mono<WebhookReceipt> apply(Trusted trusted) {
        var deliveryId = trusted.webhook().deliveryId();
        return switch (trusted.event()) {
            case WebhookEvent.Ignored ignored -> Mono.just(new WebhookReceipt(
                    deliveryId, ignored.type(), Optional.empty(), SyncResult.of(SyncOutcome.IGNORED)));
            case WebhookEvent.UserChanged changed -> users
                    .apply(changed.change(), Optional.of(deliveryId))
                    .map(result -> new WebhookReceipt(
                            deliveryId, changed.type(), Optional.of(changed.change().userId()), result));
        };
    }

    private record Trusted(VerifiedWebhook webhook, WebhookEvent event) {
    }
}
