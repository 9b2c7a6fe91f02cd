package dev.clerksync.domain.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a request offers to establish who is making it: method, full URL and headers (the
 * {@code Authorization} header, cookies, and the fetch metadata that tells a page load from an API
 * call). Header names are looked up case-insensitively.
 */
public record AuthenticationRequest(String method, URI url, Map<String, List<String>> headers) {

    public AuthenticationRequest {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(headers, "headers must not be null");
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (first, second) -> first));
    }

    /** The header's first value, if any. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Every value of the header, in order (e.g. several {@code Cookie} headers). */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
