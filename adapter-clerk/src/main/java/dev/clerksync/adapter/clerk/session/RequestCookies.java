package dev.clerksync.adapter.clerk.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cookies of a request's {@code Cookie} headers (RFC 6265 section 5.4 / 4.2), read as the
 * {@code cookie} npm package that Clerk's SDK uses since {@code @clerk/backend} 3.16.7:
 * {@code name=value} pairs separated by {@code ;}, names and values trimmed, a value in double quotes
 * unquoted, percent-escapes decoded (left as they are when not valid UTF-8), pairs without {@code =}
 * skipped, and for a repeated name the <b>first</b> one wins (browsers send the cookie with the most
 * specific path first). Values are split at the first {@code =}, so base64 padding survives. Several
 * {@code Cookie} headers (HTTP/2 may split them) are read in order as one.
 *
 * <p>No library: the JDK's {@code HttpCookie} parses {@code Set-Cookie}, not {@code Cookie}, and the
 * usable parsers live in web frameworks (Netty, Spring, Jetty) this module must not depend on.
 */
final class RequestCookies {

    private final Map<String, String> cookies;

    private RequestCookies(Map<String, String> cookies) {
        this.cookies = cookies;
    }

    static RequestCookies parse(List<String> cookieHeaders) {
        Map<String, String> cookies = new HashMap<>();
        for (String header : cookieHeaders) {
            parseInto(header, cookies);
        }
        return new RequestCookies(cookies);
    }

    /** The cookie's value; empty when absent or empty (Clerk treats {@code __session=} as no session). */
    Optional<String> get(String name) {
        String value = cookies.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static void parseInto(String header, Map<String, String> cookies) {
        int length = header.length();
        int index = 0;
        while (index < length) {
            int equals = header.indexOf('=', index);
            if (equals < 0) {
                return;
            }
            int end = header.indexOf(';', index);
            if (end < 0) {
                end = length;
            }
            if (equals > end) {
                index = end + 1; // a pair without '=': skip it
                continue;
            }
            String name = header.substring(index, equals).strip();
            if (!name.isEmpty() && !cookies.containsKey(name)) {
                cookies.put(name, decode(unquote(header.substring(equals + 1, end).strip())));
            }
            index = end + 1;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** {@code decodeURIComponent}: percent-escapes as UTF-8, {@code +} kept; the raw value when that fails. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return value;
                }
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return value;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                if (Character.isSurrogate(c)) {
                    return value; // not something a cookie value holds; keep it as sent
                }
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }
}
