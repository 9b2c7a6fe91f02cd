package dev.clerksync.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one accepted webhook delivery.
 *
 * @param deliveryId the delivery's {@code svix-id}
 * @param eventType  the event type, e.g. {@code user.created}
 * @param userId     the user the event was about; empty for ignored event types
 * @param result     what applying it did
 */
public record WebhookReceipt(
        DeliveryId deliveryId, String eventType, Optional<ClerkUserId> userId, SyncResult result) {

    /**
     * Validates the receipt.
     *
     * @throws NullPointerException if a component is null (use Optional.empty() for no user)
     */
    public WebhookReceipt {
        Objects.requireNonNull(deliveryId, "deliveryId must not be null");
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(userId, "userId must not be null (use Optional.empty())");
        Objects.requireNonNull(result, "result must not be null");
    }
}
