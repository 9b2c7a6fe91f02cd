package dev.clerksync.domain.model;

import java.util.Objects;
import java.util.Optional;

/** What became of one accepted webhook delivery. */
public record WebhookReceipt(
        DeliveryId deliveryId, String eventType, Optional<ClerkUserId> userId, SyncResult result) {

    public WebhookReceipt {
        Objects.requireNonNull(deliveryId, "deliveryId must not be null");
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(userId, "userId must not be null (use Optional.empty())");
        Objects.requireNonNull(result, "result must not be null");
    }
}
