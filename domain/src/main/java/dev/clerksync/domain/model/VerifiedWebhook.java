package dev.clerksync.domain.model;

import java.util.Objects;

/** A webhook whose signature and timestamp checked out: its body can be trusted and parsed. */
public record VerifiedWebhook(DeliveryId deliveryId, String body) {

    public VerifiedWebhook {
        Objects.requireNonNull(deliveryId, "deliveryId must not be null");
        Objects.requireNonNull(body, "body must not be null");
    }
}
