package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.WebhookEvent;

/**
 * Reads the provider's event from a verified webhook body. Pure computation, no I/O.
 *
 * @throws dev.clerksync.domain.model.UnusableWebhookEventException when the body is not a usable event
 */
public interface ParseWebhookEventPort {

    WebhookEvent parse(String verifiedBody);
}
