package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.VerifiedWebhook;

/**
 * Checks that a webhook was signed by the provider within the allowed clock tolerance. Pure
 * computation, no I/O, so it is a plain call.
 */
public interface VerifyWebhookSignaturePort {

    /**
     * Verifies the webhook.
     *
     * @param webhook the body and headers exactly as received
     * @return the verified delivery, whose body may now be parsed
     * @throws dev.clerksync.domain.model.WebhookNotConfiguredException when no signing secret is set
     * @throws dev.clerksync.domain.model.UntrustedWebhookException when the webhook cannot be trusted
     */
    VerifiedWebhook verify(SignedWebhook webhook);
}
