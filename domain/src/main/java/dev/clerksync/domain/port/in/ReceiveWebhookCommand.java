package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.SignedWebhook;
import java.util.Objects;

/**
 * Process one webhook delivery exactly as it arrived.
 *
 * @param webhook the delivery's body and headers, unchanged
 */
public record ReceiveWebhookCommand(SignedWebhook webhook) {

    /**
     * Validates the command.
     *
     * @throws NullPointerException if the webhook is null
     */
    public ReceiveWebhookCommand {
        Objects.requireNonNull(webhook, "webhook must not be null");
    }
}
