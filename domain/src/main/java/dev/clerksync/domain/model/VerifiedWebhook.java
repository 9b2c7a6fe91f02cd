package dev.clerksync.domain.model;

import java.util.Objects;

/**
 * A webhook whose signature and timestamp checked out: its body can be trusted and parsed.
 *
 * @param deliveryId the delivery's {@code svix-id}, covered by the signature
 * @param body       the body exactly as signed
 */
public record VerifiedWebhook(DeliveryId deliveryId, String body) {

    /**
     * Validates the webhook.
     *
     * @throws NullPointerException if a component is null
     */
    public VerifiedWebhook {
        Objects.requireNonNull(deliveryId, "deliveryId must not be null");
        Objects.requireNonNull(body, "body must not be null");
    }
}
