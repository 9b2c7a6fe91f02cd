package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact JWS split and decoded, nothing checked yet: what Clerk's {@code decodeJwt} gives. Parsed
 * once per request and shared by the cookie rules (which read {@code iat} and {@code iss} before any
 * verification, as Clerk does, only to choose between cookies and between handshake and
 * verification) and by the verifier, so a token is never parsed twice.
 *
 * <p>Anything read from an unverified token decides nothing on its own: whatever it selects is
 * verified before it can sign anyone in.
 */
final class UnverifiedToken {

    /**
     * Clerk session tokens are well under 4 KiB (they must fit a cookie); a bound keeps a hostile
     * header from costing more than a glance.
     */
    static final int MAXIMUM_LENGTH = 16 * 1024;

    /**
     * Parsed headers by their base64url text. An instance signs every token with the same few
     * headers (alg, kid, typ, cat), so a handful of entries saves a JSON parse per verification. The
     * cache only ever holds immutable parse results of the text, so sharing it is harmless; it is
     * bounded, so made-up headers can at worst stop it from filling further, never grow memory.
     */
    private static final int HEADER_CACHE_LIMIT = 64;
    private static final Map<String, Header> HEADERS = new ConcurrentHashMap<>();

    private final String compact;
    private final Header header;
    private final Map<String, Object> claims;
    private final int signingInputEnd;
    private final Base64URL signature;

    private UnverifiedToken(String compact, Header header, Map<String, Object> claims, int signingInputEnd,
            Base64URL signature) {
        this.compact = compact;
        this.header = header;
        this.claims = claims;
        this.signingInputEnd = signingInputEnd;
        this.signature = signature;
    }

    /**
     * Splits a compact JWS: exactly three base64url parts, the first two JSON objects.
     *
     * @throws MalformedTokenException when it is not one
     */
    static UnverifiedToken decode(String compact) {
        if (compact.isEmpty()) {
            throw new MalformedTokenException("the token is empty");
        }
        if (compact.length() > MAXIMUM_LENGTH) {
            throw new MalformedTokenException("the token is longer than " + MAXIMUM_LENGTH + " characters");
        }
        int firstDot = -1;
        int secondDot = -1;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c == '.') {
                if (firstDot < 0) {
                    firstDot = i;
                } else if (secondDot < 0) {
                    secondDot = i;
                } else {
                    throw new MalformedTokenException("the token does not have exactly three parts");
                }
            } else if (!isBase64Url(c)) {
                throw new MalformedTokenException("the token has a character that is not base64url");
            }
        }
        if (secondDot < 0 || firstDot == 0 || secondDot == firstDot + 1) {
            throw new MalformedTokenException("the token does not have exactly three parts");
        }
        Header header;
        Map<String, Object> claims;
        try {
            header = header(compact.substring(0, firstDot));
            claims = JSONObjectUtils.parse(
                    new Base64URL(compact.substring(firstDot + 1, secondDot)).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw new MalformedTokenException("the token's header or payload is not a JSON object");
        }
        return new UnverifiedToken(compact, header, claims, secondDot,
                new Base64URL(compact.substring(secondDot + 1)));
    }

    private static Header header(String encoded) throws ParseException {
        Header header = HEADERS.get(encoded);
        if (header == null) {
            header = Header.parse(new Base64URL(encoded));
            if (HEADERS.size() < HEADER_CACHE_LIMIT) {
                HEADERS.putIfAbsent(encoded, header);
            }
        }
        return header;
    }

    /** Like {@link #decode}, empty instead of an exception, for the cookie-choice rules. */
    static Optional<UnverifiedToken> tryDecode(String compact) {
        try {
            return Optional.of(decode(compact));
        } catch (MalformedTokenException e) {
            return Optional.empty();
        }
    }

    String compact() {
        return compact;
    }

    Header header() {
        return header;
    }

    /** The header when the token is a JWS (any {@code alg} but {@code none}). */
    Optional<JWSHeader> jwsHeader() {
        return header instanceof JWSHeader jws ? Optional.of(jws) : Optional.empty();
    }

    /** The {@code kid} header, if the token has one. */
    Optional<String> keyId() {
        return jwsHeader().map(JWSHeader::getKeyID);
    }

    /** The payload's members as parsed JSON: strings, {@code Long}/{@code Double}, booleans, lists, maps. */
    Map<String, Object> claims() {
        return claims;
    }

    Object claim(String name) {
        return claims.get(name);
    }

    /** The ASCII bytes of {@code header.payload}, which the signature covers. */
    byte[] signingInput() {
        return compact.substring(0, signingInputEnd).getBytes(StandardCharsets.US_ASCII);
    }

    Base64URL signature() {
        return signature;
    }

    /** A numeric claim as whole seconds (truncated like JavaScript's {@code Date}); empty when absent or not a number. */
    Optional<Long> seconds(String name) {
        return claim(name) instanceof Number number ? Optional.of(wholeSeconds(number)) : Optional.empty();
    }

    static long wholeSeconds(Number number) {
        // (long) on a double truncates toward zero and saturates, as JavaScript's ToIntegerOrInfinity does.
        return number instanceof Long l ? l : (long) number.doubleValue();
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Not a compact JWS at all: Clerk's {@code token-invalid}. */
    static final class MalformedTokenException extends RuntimeException {
        MalformedTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
