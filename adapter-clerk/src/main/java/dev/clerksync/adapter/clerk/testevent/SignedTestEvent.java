package dev.clerksync.adapter.clerk.testevent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A test event with the headers Svix sends it with.
 *
 * @param event     the event
 * @param messageId {@code svix-id}: fresh for every signing, as for every Svix message
 * @param timestamp {@code svix-timestamp}: epoch seconds of the signing
 * @param signature {@code svix-signature}: {@code v1,<base64>}
 */
public record SignedTestEvent(ClerkTestEvent event, String messageId, long timestamp, String signature) {

    public SignedTestEvent {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(messageId, "messageId must not be null");
        Objects.requireNonNull(signature, "signature must not be null");
    }

    /** {@code svix-id}, {@code svix-timestamp} and {@code svix-signature}, in that order. */
    public Map<String, String> headers() {
        return headers(messageId, timestamp, signature);
    }

    static Map<String, String> headers(String messageId, long timestamp, String signature) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("svix-id", messageId);
        headers.put("svix-timestamp", Long.toString(timestamp));
        headers.put("svix-signature", signature);
        return headers;
    }
}
