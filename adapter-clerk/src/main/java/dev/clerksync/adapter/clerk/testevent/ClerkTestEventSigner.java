package dev.clerksync.adapter.clerk.testevent;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookSigningException;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs test events as Svix signs Clerk's, with Svix's own {@link Webhook#sign}, under the
 * endpoint's signing secret: what the receiving side verifies with the same secret.
 */
public final class ClerkTestEventSigner {

    private final Webhook svix;

    /**
     * @param signingSecret the raw value of {@value SvixWebhookVerificationAdapter#SIGNING_SECRET_SETTING}
     * @throws InvalidClerkSettingException when the verifying side would refuse it too (blank, not base64)
     */
    public ClerkTestEventSigner(String signingSecret) {
        Objects.requireNonNull(signingSecret, "signingSecret must not be null");
        // The very checks and messages the service applies to the setting.
        SvixWebhookVerificationAdapter.fromSetting(Optional.of(signingSecret));
        try {
            this.svix = new Webhook(signingSecret.strip());
        } catch (EmptyWebhookSecretException e) {
            throw new InvalidClerkSettingException(SvixWebhookVerificationAdapter.SIGNING_SECRET_SETTING, "decodes to an empty key");
        }
    }

    /** The event with a fresh {@code svix-id} ({@code msg_} and 27 base62 characters), signed at {@code at}. */
    public SignedTestEvent sign(ClerkTestEvent event, Instant at) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(at, "at must not be null");
        String messageId = ClerkTestEvent.newId("msg_");
        return new SignedTestEvent(event, messageId, at.getEpochSecond(), signature(messageId, at, event.body()));
    }

    /**
     * Svix's headers ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature}) for any body,
     * such as an event of a type clerksync does not store, with a fresh {@code svix-id}, signed at {@code at}.
     */
    public Map<String, String> headers(String body, Instant at) {
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(at, "at must not be null");
        String messageId = ClerkTestEvent.newId("msg_");
        return SignedTestEvent.headers(messageId, at.getEpochSecond(), signature(messageId, at, body));
    }

    private String signature(String messageId, Instant at, String body) {
        try {
            return svix.sign(messageId, at.getEpochSecond(), body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("Svix could not sign the test event", e);
        }
    }
}
