package dev.clerksync.adapter.clerk.session;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** Reading and trimming the query of a request URL. */
final class RequestUrls {

    private RequestUrls() {
    }

    /**
     * The parameters of a raw query string, form-decoded as {@code URLSearchParams} does
     * ({@code +} is a space); the first of a repeated name wins; undecodable pairs are skipped.
     */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            Optional<String> name = decode(equals < 0 ? pair : pair.substring(0, equals));
            Optional<String> value = equals < 0 ? Optional.of("") : decode(pair.substring(equals + 1));
            if (!pair.isEmpty() && name.isPresent() && value.isPresent()) {
                parameters.putIfAbsent(name.get(), value.get());
            }
        }
        return parameters;
    }

    /**
     * The URL as text without the named query parameters, every other part kept byte for byte (and
     * no {@code ?} left when nothing remains). The fragment, which browsers never send, is dropped.
     */
    static String withoutQueryParameters(URI url, Set<String> names) {
        String text = url.toString();
        int fragment = text.indexOf('#');
        if (fragment >= 0) {
            text = text.substring(0, fragment);
        }
        int question = text.indexOf('?');
        if (question < 0) {
            return text;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : text.substring(question + 1).split("&", -1)) {
            int equals = pair.indexOf('=');
            Optional<String> name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (!pair.isEmpty() && !(name.isPresent() && names.contains(name.get()))) {
                kept.add(pair);
            }
        }
        String base = text.substring(0, question);
        return kept.length() == 0 ? base : base + "?" + kept;
    }

    private static Optional<String> decode(String raw) {
        try {
            return Optional.of(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed %-escape
        }
    }
}
