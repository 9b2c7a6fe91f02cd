package dev.clerksync.domain.model;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A webhook request exactly as received: the body decoded from UTF-8 (signatures cover these
 * exact characters, so it is never re-serialised) and its headers, looked up case-insensitively.
 *
 * @param body    the request body, decoded from UTF-8, unchanged
 * @param headers the request's headers (one value each); names are lower-cased and the map copied
 */
public record SignedWebhook(String body, Map<String, String> headers) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if the body or headers are null
     */
    public SignedWebhook {
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(headers, "headers must not be null");
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (first, second) -> first));
    }

    /**
     * The header's value, trimmed.
     *
     * @param name the header name, in any case
     * @return the value, empty when the header is missing or only white space
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }
}
