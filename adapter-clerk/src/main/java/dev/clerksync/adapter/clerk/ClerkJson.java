package dev.clerksync.adapter.clerk;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of Clerk JSON fields. A field of the wrong JSON type counts as absent, so a JSON
 * {@code null} never becomes the text "null" and a number never becomes a name.
 */
final class ClerkJson {

    private ClerkJson() {
    }

    static Optional<String> string(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isString() ? Optional.of(value.stringValue()) : Optional.empty();
    }

    static OptionalLong wholeNumber(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isIntegralNumber() && value.canConvertToLong()
                ? OptionalLong.of(value.longValue())
                : OptionalLong.empty();
    }

    /** Clerk's {@code *_at} fields: epoch milliseconds. */
    static Optional<Instant> epochMillis(JsonNode object, String field) {
        OptionalLong millis = wholeNumber(object, field);
        return millis.isPresent() ? Optional.of(Instant.ofEpochMilli(millis.getAsLong())) : Optional.empty();
    }
}
