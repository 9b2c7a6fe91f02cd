package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.WebhookEvent;

/**
 * Reads the provider's event from a verified webhook body. Pure computation, no I/O.
 */
public interface ParseWebhookEventPort {

    /**
     * Parses the body.
     *
     * @param verifiedBody a body whose signature checked out
     * @return the event: a user change, or an event type the sync ignores
     * @throws dev.clerksync.domain.model.UnusableWebhookEventException when the body is not a usable event
     */
    WebhookEvent parse(String verifiedBody);
}
