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
 *
 * @param method  the HTTP method, as sent ({@code GET}, {@code POST}, ...)
 * @param url     the full request URL, as the client addressed it (scheme, host, path and query)
 * @param headers every header with all its values; names are lower-cased and the map and lists copied
 */
public record AuthenticationRequest(String method, URI url, Map<String, List<String>> headers) {

    /**
     * Validates and copies; see the record's description.
     *
     * @throws NullPointerException if any component is null
     */
    public AuthenticationRequest {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(headers, "headers must not be null");
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (first, second) -> first));
    }

    /**
     * The header's first value, if any.
     *
     * @param name the header name, in any case
     * @return the first value, or empty when the request has no such header
     */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /**
     * Every value of the header, in order (e.g. several {@code Cookie} headers).
     *
     * @param name the header name, in any case
     * @return the values, empty (never null) when the request has no such header
     */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
