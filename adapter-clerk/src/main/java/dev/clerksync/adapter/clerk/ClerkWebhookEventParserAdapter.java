package dev.clerksync.adapter.clerk;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.ProviderTimes;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Clerk's event envelope {@code {type, timestamp, data, ...}} from a verified webhook body.
 *
 * <ul>
 *   <li>{@code user.created}, {@code user.updated}: a {@link UserChange.Snapshot} of {@code data}
 *       (see {@link ClerkUserJsonMapper}).
 *   <li>{@code user.deleted}: a {@link UserChange.Deletion} of {@code data.id}, dated by the envelope
 *       {@code timestamp} because Clerk's deleted object carries no timestamps of its own; when that
 *       is missing or outside {@link ProviderTimes}' range too, by this adapter's clock.
 *   <li>any other type: {@link WebhookEvent.Ignored}, whatever its {@code data}.
 * </ul>
 *
 * Exception messages name fields only; the body may hold personal data and messages get logged.
 */
public final class ClerkWebhookEventParserAdapter implements ParseWebhookEventPort {

    /**
     * Clerk documents the envelope timestamp in milliseconds, but its OpenAPI examples use seconds.
     * Below this, a value is read as seconds: 10^11 ms is March 1973, 10^11 s is the year 5138.
     */
    static final long SECONDS_BELOW = 100_000_000_000L;

    /*
     * Immutable and thread-safe, shared by every call. Duplicate member names are refused: a signed
     * body with two "type"s has no single meaning. Trailing content after the object is refused too.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Clock clock;

    /** Dates deletions that carry no envelope timestamp with the system clock. */
    public ClerkWebhookEventParserAdapter() {
        this(Clock.systemUTC());
    }

    /**
     * A parser with its own clock, for tests.
     *
     * @param clock dates deletions whose envelope carries no usable timestamp
     */
    public ClerkWebhookEventParserAdapter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public WebhookEvent parse(String verifiedBody) {
        Objects.requireNonNull(verifiedBody, "verifiedBody must not be null");
        JsonNode event = readObject(verifiedBody);
        String type = ClerkJson.string(event, "type")
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new UnusableWebhookEventException("event has no type"));
        return switch (type) {
            case "user.created", "user.updated" -> new WebhookEvent.UserChanged(type, snapshot(type, event));
            case "user.deleted" -> new WebhookEvent.UserChanged(type, deletion(type, event));
            default -> ignored(type);
        };
    }

    private static JsonNode readObject(String body) {
        if (body.isBlank()) {
            throw new UnusableWebhookEventException("body is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            // Jackson's own message quotes the offending text, which may be personal data: keep only where.
            var where = e.getLocation();
            throw new UnusableWebhookEventException(where == null
                    ? "body is not valid JSON"
                    : "body is not valid JSON (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new UnusableWebhookEventException("body is not a JSON object");
        }
        return node;
    }

    private static UserChange.Snapshot snapshot(String type, JsonNode event) {
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            throw new UnusableWebhookEventException(type + " event has no data object");
        }
        try {
            return ClerkUserJsonMapper.toSnapshot(data);
        } catch (InvalidUserDataException e) {
            throw new UnusableWebhookEventException(type + " event: " + e.getMessage(), e);
        }
    }

    private UserChange.Deletion deletion(String type, JsonNode event) {
        String id = ClerkJson.string(event.path("data"), "id")
                .orElseThrow(() -> new UnusableWebhookEventException(type + " event has no data.id"));
        try {
            return new UserChange.Deletion(new ClerkUserId(id), envelopeTimestamp(event).orElseGet(clock::instant));
        } catch (InvalidUserDataException e) {
            throw new UnusableWebhookEventException(type + " event: " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> envelopeTimestamp(JsonNode event) {
        OptionalLong value = ClerkJson.wholeNumber(event, "timestamp");
        if (value.isEmpty() || value.getAsLong() <= 0) {
            return Optional.empty();
        }
        long timestamp = value.getAsLong();
        Instant instant = timestamp < SECONDS_BELOW ? Instant.ofEpochSecond(timestamp) : Instant.ofEpochMilli(timestamp);
        // An absurd date must not keep a deletion (the erasure of personal data) from applying.
        return Optional.of(instant).filter(ProviderTimes::isWithinRange);
    }

    private static WebhookEvent.Ignored ignored(String type) {
        try {
            return new WebhookEvent.Ignored(type);
        } catch (InvalidUserDataException e) {
            throw new UnusableWebhookEventException("event type is unusable: " + e.getMessage(), e);
        }
    }
}
