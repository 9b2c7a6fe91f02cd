package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.WebhookReceipt;
import reactor.core.publisher.Mono;

/**
 * Verify a webhook delivery, then apply its user change once, in order, whatever the sender's
 * retries, duplicates and reordering.
 *
 * <p>Errors: {@code WebhookNotConfiguredException} (no signing secret),
 * {@code UntrustedWebhookException} (nothing was read or written), {@code UnusableWebhookEventException}
 * (signed, but not an event), {@code UserStoreUnavailableException} (retry later; a redelivery is
 * safe whether or not this one was applied).
 */
public interface ReceiveWebhookUseCase {

    /**
     * Verifies and applies one delivery.
     *
     * @param command the delivery as it arrived
     * @return what became of it (never empty), or an error as described above
     */
    Mono<WebhookReceipt> receive(ReceiveWebhookCommand command);
}
