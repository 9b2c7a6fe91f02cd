package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.WebhookReceipt;

/** The 2xx body, shown in the sender's delivery log: what became of the delivery. */
record WebhookAcknowledgement(String deliveryId, String type, String outcome) {

    static WebhookAcknowledgement of(WebhookReceipt receipt) {
        return new WebhookAcknowledgement(
                receipt.deliveryId().value(), receipt.eventType(), receipt.result().outcome().name());
    }
}
