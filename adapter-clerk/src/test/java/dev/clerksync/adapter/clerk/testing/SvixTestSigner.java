package dev.clerksync.adapter.clerk.testing;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookSigningException;
import dev.clerksync.domain.model.SignedWebhook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs webhook bodies as Svix does for Clerk, with {@link Webhook#sign}, so tests can produce
 * deliveries that verify against the system clock the Svix library uses.
 */
public final class SvixTestSigner {

    /** A test-only signing secret ({@code whsec_} + base64 of 32 ASCII bytes). */
    public static final String TEST_SECRET = "whsec_Y2xlcmtzeW5jLXRlc3Qtd2ViaG9vay1zZWNyZXQtMzI=";

    private final Webhook webhook;

    /** @param secret a signing secret, {@code whsec_<base64>} or bare base64 */
    public SvixTestSigner(String secret) {
        try {
            this.webhook = new Webhook(secret);
        } catch (EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("the secret is empty", e);
        }
    }

    /** A signer with {@link #TEST_SECRET}. */
    public static SvixTestSigner withTestSecret() {
        return new SvixTestSigner(TEST_SECRET);
    }

    /** A fresh message id shaped like Svix's ({@code msg_...}). */
    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The signature header value ({@code v1,<base64>}) for a body with this id, signed at {@code at}. */
    public String signature(String msgId, Instant at, String body) {
        try {
            return webhook.sign(msgId, at.getEpochSecond(), body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("Svix could not sign", e);
        }
    }

    /** The three svix headers for a body with this id, signed at {@code at}. */
    public SvixHeaders headers(String msgId, Instant at, String body) {
        return new SvixHeaders(msgId, Long.toString(at.getEpochSecond()), signature(msgId, at, body));
    }

    /** The three svix headers for a body with this id, signed now. */
    public SvixHeaders headers(String msgId, String body) {
        return headers(msgId, Instant.now(), body);
    }

    /** The three svix headers for a body with a fresh id, signed now. */
    public SvixHeaders headers(String body) {
        return headers(newMessageId(), body);
    }

    /** A delivery of the body with a fresh id, signed now, as the web adapter would hand it over. */
    public SignedWebhook signedWebhook(String body) {
        return new SignedWebhook(body, headers(body).asMap());
    }

    /** The {@code svix-id}, {@code svix-timestamp} and {@code svix-signature} header values. */
    public record SvixHeaders(String id, String timestamp, String signature) {

        /** As {@code svix-*} headers, in that order. */
        public Map<String, String> asMap() {
            return named("svix-");
        }

        /** As the Standard Webhooks {@code webhook-*} headers, which Svix also sends. */
        public Map<String, String> asStandardWebhookMap() {
            return named("webhook-");
        }

        private Map<String, String> named(String prefix) {
            var headers = new LinkedHashMap<String, String>();
            headers.put(prefix + "id", id);
            headers.put(prefix + "timestamp", timestamp);
            headers.put(prefix + "signature", signature);
            return headers;
        }
    }
}
