package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.SignedWebhook;
import java.util.Objects;

/** Process one webhook delivery exactly as it arrived. */
public record ReceiveWebhookCommand(SignedWebhook webhook) {

    public ReceiveWebhookCommand {
        Objects.requireNonNull(webhook, "webhook must not be null");
    }
}
