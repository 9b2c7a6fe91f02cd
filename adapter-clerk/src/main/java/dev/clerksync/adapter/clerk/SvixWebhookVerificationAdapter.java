package dev.clerksync.adapter.clerk;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookVerificationException;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.VerifiedWebhook;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import dev.clerksync.domain.port.out.VerifyWebhookSignaturePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Verifies Clerk's webhooks, which Svix signs (HMAC-SHA256 over {@code id.timestamp.body}), with
 * {@link Webhook com.svix.Webhook}. The library supplies the fixed ±5 minute timestamp tolerance
 * (against the system clock), several space-separated signatures per header (secret rotation) and
 * the constant-time comparison.
 *
 * <p>Header rule: the three {@code svix-id}, {@code svix-timestamp} and {@code svix-signature}
 * headers are used when all of them are present; values are trimmed and an empty or white-space
 * value counts as missing. When any of them is missing but all three Standard Webhooks headers
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) are present, those are
 * used instead, as Svix's own libraries do; the two sets are never mixed. Otherwise the webhook is
 * untrusted, and the message lists the missing {@code svix-*} headers (the names Clerk documents).
 *
 * <p>Messages of the exceptions thrown never contain the secret or the body.
 */
public final class SvixWebhookVerificationAdapter implements VerifyWebhookSignaturePort {

    /** The setting (environment variable) that holds the endpoint's signing secret. */
    public static final String SIGNING_SECRET_SETTING = "CLERK_WEBHOOK_SIGNING_SECRET";

    private static final String SECRET_PREFIX = Webhook.SECRET_PREFIX;
    private static final List<String> SVIX_HEADERS =
            List.of(Webhook.SVIX_MSG_ID_KEY, Webhook.SVIX_MSG_TIMESTAMP_KEY, Webhook.SVIX_MSG_SIGNATURE_KEY);
    private static final List<String> STANDARD_HEADERS = List.of(
            Webhook.UNBRANDED_MSG_ID_KEY, Webhook.UNBRANDED_MSG_TIMESTAMP_KEY, Webhook.UNBRANDED_MSG_SIGNATURE_KEY);

    /*
     * One Webhook serves every request. It is safe to share across threads (read in the
     * com.svix:svix 1.99.1 bytecode of WebhookBase and of both Webhook variants, Java 8 and the
     * Java 11 overlay): its only state is the decoded key, a final byte[] written once in the
     * constructor and only read afterwards; verify() and sign() keep everything else (a new Mac per
     * call, the header values) in locals. Building it once also means the secret is base64-decoded
     * once, not per call.
     */
    private final Optional<Webhook> webhook;

    private SvixWebhookVerificationAdapter(Optional<Webhook> webhook) {
        this.webhook = webhook;
    }

    /**
     * Builds the adapter from the raw value of {@value #SIGNING_SECRET_SETTING}: the dashboard's
     * {@code whsec_<base64>} form or the bare base64, surrounding white space ignored. An absent
     * setting gives an adapter whose every {@code verify} throws {@link WebhookNotConfiguredException},
     * so the rest of the service can still start.
     *
     * @param signingSecret the setting's raw value; empty when it is not set
     * @return the adapter
     * @throws InvalidClerkSettingException when the setting is present but blank, has nothing after
     *     {@code whsec_}, or is not base64
     */
    public static SvixWebhookVerificationAdapter fromSetting(Optional<String> signingSecret) {
        Objects.requireNonNull(signingSecret, "signingSecret must not be null (use Optional.empty())");
        return new SvixWebhookVerificationAdapter(signingSecret.map(SvixWebhookVerificationAdapter::webhookFor));
    }

    /** {@return whether a signing secret was configured, i.e. whether {@code verify} can succeed at all} */
    public boolean isConfigured() {
        return webhook.isPresent();
    }

    @Override
    public VerifiedWebhook verify(SignedWebhook signed) {
        Objects.requireNonNull(signed, "webhook must not be null");
        Webhook svix = webhook.orElseThrow(() -> new WebhookNotConfiguredException(SIGNING_SECRET_SETTING));
        List<String> idTimestampSignature = signatureHeaders(signed);
        DeliveryId deliveryId = deliveryId(idTimestampSignature.get(0));
        try {
            svix.verify(signed.body(), Map.of(
                    Webhook.SVIX_MSG_ID_KEY, List.of(idTimestampSignature.get(0)),
                    Webhook.SVIX_MSG_TIMESTAMP_KEY, List.of(idTimestampSignature.get(1)),
                    Webhook.SVIX_MSG_SIGNATURE_KEY, List.of(idTimestampSignature.get(2))));
        } catch (WebhookVerificationException e) {
            throw new UntrustedWebhookException(explain(e));
        }
        return new VerifiedWebhook(deliveryId, signed.body());
    }

    private static Webhook webhookFor(String setting) {
        String secret = setting.strip();
        if (secret.isEmpty()) {
            throw new InvalidClerkSettingException(SIGNING_SECRET_SETTING,
                    "is set but blank; set it to the endpoint's Signing Secret (whsec_...) from the Clerk dashboard");
        }
        if (secret.equals(SECRET_PREFIX)) {
            throw new InvalidClerkSettingException(SIGNING_SECRET_SETTING,
                    "has nothing after the whsec_ prefix; copy the whole Signing Secret from the Clerk dashboard");
        }
        try {
            return new Webhook(secret);
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the offending character: a piece of the secret, so it is not kept.
            throw new InvalidClerkSettingException(SIGNING_SECRET_SETTING,
                    "is not base64 after the optional whsec_ prefix; copy the Signing Secret from the Clerk dashboard");
        } catch (EmptyWebhookSecretException e) {
            throw new InvalidClerkSettingException(SIGNING_SECRET_SETTING, "decodes to an empty key");
        }
    }

    /** The id, timestamp and signature header values, svix-* first, else webhook-* (see class comment). */
    private static List<String> signatureHeaders(SignedWebhook signed) {
        var svix = SVIX_HEADERS.stream().map(signed::header).toList();
        if (svix.stream().allMatch(Optional::isPresent)) {
            return svix.stream().map(Optional::orElseThrow).toList();
        }
        var standard = STANDARD_HEADERS.stream().map(signed::header).toList();
        if (standard.stream().allMatch(Optional::isPresent)) {
            return standard.stream().map(Optional::orElseThrow).toList();
        }
        String missing = SVIX_HEADERS.stream()
                .filter(name -> signed.header(name).isEmpty())
                .collect(Collectors.joining(", "));
        throw new UntrustedWebhookException("Missing required webhook headers: " + missing);
    }

    private static DeliveryId deliveryId(String value) {
        try {
            return new DeliveryId(value);
        } catch (InvalidUserDataException e) {
            throw new UntrustedWebhookException("Unusable webhook id header: " + e.getMessage());
        }
    }

    /** Svix's messages are terse; say which check failed and what usually causes it. */
    private static String explain(WebhookVerificationException e) {
        String reason = Objects.requireNonNullElse(e.getMessage(), "");
        return switch (reason) {
            case "No matching signature found" -> "No matching signature found: the body was not signed with "
                    + SIGNING_SECRET_SETTING + " (another endpoint's secret, or the body was altered)";
            case "Message timestamp too old" -> "Message timestamp too old: the timestamp header is more than "
                    + "5 minutes in the past (a delayed or replayed delivery, or a wrong server clock)";
            case "Message timestamp too new" -> "Message timestamp too new: the timestamp header is more than "
                    + "5 minutes in the future (a wrong server clock)";
            case "Invalid Signature Headers" ->
                    "Invalid Signature Headers: the timestamp header is not a whole number of seconds";
            default -> "Webhook signature could not be verified: " + reason;
        };
    }
}
