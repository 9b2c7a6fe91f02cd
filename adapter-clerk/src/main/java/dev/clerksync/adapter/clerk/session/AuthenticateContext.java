package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.ClerkPublishableKey.InstanceType;
import dev.clerksync.domain.model.AuthenticationRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one request offers for authentication, read as Clerk's {@code AuthenticateContext}
 * ({@code packages/backend/src/tokens/authenticateContext.ts}) reads it: the token in the
 * {@code Authorization} header, the session cookies (suffixed or not), {@code __client_uat}, the
 * development-browser token, the handshake leftovers and the redirect-loop counter, and the fetch
 * metadata that tells a page load from an API call.
 */
final class AuthenticateContext {

    static final String SESSION_COOKIE = "__session";
    static final String CLIENT_UAT_COOKIE = "__client_uat";
    static final String REFRESH_COOKIE = "__refresh";
    static final String DEV_BROWSER = "__clerk_db_jwt";
    static final String LEGACY_DEV_BROWSER = "__dev_session";
    static final String HANDSHAKE = "__clerk_handshake";
    static final String HANDSHAKE_NONCE = "__clerk_handshake_nonce";
    /** A debugging flag Clerk's Frontend API may add to the URL it sends the browser back to. */
    static final String HANDSHAKE_HELP = "__clerk_help";
    static final String REDIRECT_COUNT_COOKIE = "__clerk_redirect_count";

    private static final Pattern LEADING_INTEGER = Pattern.compile("^[+-]?\\d{1,18}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern SCHEME = Pattern.compile("(?i)https?://");

    private final AuthenticationRequest request;
    private final ClerkPublishableKey publishableKey;
    private final String suffix;
    private final Clock clock;
    private final RequestCookies cookies;
    private final Map<String, String> query;
    /** Decoded cookie tokens, so each is parsed once per request; a context serves one request on one thread. */
    private final Map<String, Optional<UnverifiedToken>> decoded = new HashMap<>();
    private Boolean suffixed; // decided on first use: the header path never needs it

    AuthenticateContext(AuthenticationRequest request, ClerkPublishableKey publishableKey, String cookieSuffix,
            Clock clock) {
        this.request = request;
        this.publishableKey = publishableKey;
        this.suffix = cookieSuffix;
        this.clock = clock;
        this.cookies = RequestCookies.parse(request.headers("cookie"));
        this.query = RequestUrls.queryParameters(request.url().getRawQuery());
    }

    AuthenticationRequest request() {
        return request;
    }

    boolean isDevelopmentInstance() {
        return publishableKey.instanceType() == InstanceType.DEVELOPMENT;
    }

    /**
     * The token of the {@code Authorization} header: {@code Bearer <token>} ("Bearer" exactly as
     * written), or the whole value when it has no space (a bare token). Any other scheme
     * ({@code Basic ...}, {@code bearer ...}) is not a session token and is ignored, so such a
     * request falls through to its cookies. Unlike Clerk, which keeps only the text up to the next
     * space, everything after {@code Bearer } is the token (so trailing junk makes it malformed).
     */
    Optional<String> tokenInHeader() {
        Optional<String> header = request.header("authorization").filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.of(value);
        }
        return value.substring(0, space).equals("Bearer") ? Optional.of(value.substring(space + 1)) : Optional.empty();
    }

    /** Whether the suffixed cookie names ({@code __session_<suffix>}) are the ones to read. */
    boolean usesSuffixedCookies() {
        if (suffixed == null) {
            suffixed = decideSuffixedCookies();
        }
        return suffixed;
    }

    Optional<String> sessionTokenInCookie() {
        return suffixedOrNot(SESSION_COOKIE);
    }

    /** A cookie's token, decoded but not verified; empty when it is not a compact JWS. */
    Optional<UnverifiedToken> decode(String token) {
        return decoded.computeIfAbsent(token, UnverifiedToken::tryDecode);
    }

    /** {@code __client_uat}: when the client last signed in or out, in seconds; 0 when missing or not a number. */
    long clientUat() {
        return suffixedOrNot(CLIENT_UAT_COOKIE).map(AuthenticateContext::leadingInteger).orElse(0L);
    }

    /** {@code __refresh_<suffix>}: only ever suffixed. */
    Optional<String> refreshTokenInCookie() {
        return cookies.get(suffixedName(REFRESH_COOKIE));
    }

    /** The development-browser token: the {@code __clerk_db_jwt} query parameter, else the cookie. */
    Optional<String> devBrowserToken() {
        return queryParameter(DEV_BROWSER).or(() -> suffixedOrNot(DEV_BROWSER));
    }

    /**
     * Whether the browser is coming back from Clerk's handshake endpoint: a handshake token or nonce
     * in the query or in a cookie (never suffixed).
     */
    boolean hasHandshakeResult() {
        return handshakeToken().isPresent() || handshakeNonce().isPresent();
    }

    /** The handshake nonce: the {@code __clerk_handshake_nonce} query parameter, else the cookie. */
    Optional<String> handshakeNonce() {
        return queryParameter(HANDSHAKE_NONCE).or(() -> cookies.get(HANDSHAKE_NONCE));
    }

    /** The handshake token (the older, self-contained form): the {@code __clerk_handshake} query parameter, else the cookie. */
    Optional<String> handshakeToken() {
        return queryParameter(HANDSHAKE).or(() -> cookies.get(HANDSHAKE));
    }

    /** Whether a handshake result came as a cookie, which the browser sends again until it is deleted. */
    boolean hasHandshakeCookie() {
        return cookies.get(HANDSHAKE).isPresent() || cookies.get(HANDSHAKE_NONCE).isPresent();
    }

    /** {@code __clerk_redirect_count}: handshake redirects in the last seconds; 0 when missing or not a number. */
    int handshakeRedirectCount() {
        return cookies.get(REDIRECT_COUNT_COOKIE).map(String::strip).filter(v -> DIGITS.matcher(v).matches())
                .map(Integer::parseInt).orElse(0);
    }

    /**
     * Clerk's {@code isRequestEligibleForHandshake}: only a GET (the handshake endpoint takes nothing
     * else, and a POST form submission also says {@code document}) that loads a document: fetch
     * metadata {@code Sec-Fetch-Dest: document} or {@code iframe}, or, from browsers without fetch
     * metadata, {@code Accept} starting with {@code text/html}.
     */
    boolean isEligibleForHandshake() {
        if (!request.method().equals("GET")) {
            return false;
        }
        Optional<String> destination = request.header("sec-fetch-dest").filter(d -> !d.isEmpty());
        if (destination.isPresent()) {
            return destination.get().equals("document") || destination.get().equals("iframe");
        }
        return request.header("accept").filter(a -> a.startsWith("text/html")).isPresent();
    }

    private Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    private Optional<String> suffixedOrNot(String name) {
        return cookies.get(usesSuffixedCookies() ? suffixedName(name) : name);
    }

    private String suffixedName(String name) {
        return name + "_" + suffix;
    }

    /**
     * Clerk's {@code usesSuffixedCookies}: several apps on one site each set their own
     * {@code __session_<suffix>}, while older Clerk versions set only {@code __session}. Suffixed
     * cookies win when they exist, except in the downgrade cases Clerk recognises; an un-suffixed
     * session of another instance (by its unverified {@code iss}) is never ours, and another app's
     * {@code __session_<other suffix>} is simply never read.
     */
    private boolean decideSuffixedCookies() {
        Optional<String> suffixedClientUat = cookies.get(suffixedName(CLIENT_UAT_COOKIE));
        Optional<String> clientUat = cookies.get(CLIENT_UAT_COOKIE);
        Optional<String> suffixedSession = cookies.get(suffixedName(SESSION_COOKIE));
        Optional<String> session = cookies.get(SESSION_COOKIE);
        Optional<UnverifiedToken> sessionToken = session.flatMap(this::decode);

        if (session.isPresent() && !hasIssuer(sessionToken)) {
            // Malformed: read the un-suffixed cookies, which leads to signed-out rather than a handshake.
            return false;
        }
        if (session.isPresent() && !belongsToThisInstance(sessionToken)) {
            return true;
        }
        if (suffixedClientUat.isEmpty() && suffixedSession.isEmpty()) {
            return false;
        }
        Optional<UnverifiedToken> suffixedSessionToken = suffixedSession.flatMap(this::decode);
        long sessionIat = sessionToken.flatMap(t -> t.seconds("iat")).orElse(0L);
        long suffixedSessionIat = suffixedSessionToken.flatMap(t -> t.seconds("iat")).orElse(0L);
        boolean suffixedSignedOut = suffixedClientUat.filter("0"::equals).isPresent();
        boolean unsuffixedSignedOut = clientUat.filter("0"::equals).isPresent();
        if (!suffixedSignedOut && !unsuffixedSignedOut && sessionIat > suffixedSessionIat) {
            return false; // both signed in, the un-suffixed session is newer
        }
        if (suffixedSignedOut && !unsuffixedSignedOut) {
            return false; // the un-suffixed cookies are written by old and new clerk-js alike
        }
        if (isDevelopmentInstance()) {
            long nowSeconds = clock.millis() / 1000;
            boolean suffixedExpired = suffixedSessionToken.flatMap(t -> t.seconds("exp"))
                    .filter(exp -> exp <= nowSeconds).isPresent();
            if (!suffixedSignedOut && unsuffixedSignedOut && suffixedExpired) {
                return false; // a downgraded clerk-js no longer updates the suffixed cookies
            }
        }
        if (suffixedClientUat.isEmpty() && suffixedSession.isPresent()) {
            return false; // suffixed cookies switched off on Clerk's side
        }
        return true;
    }

    private static boolean hasIssuer(Optional<UnverifiedToken> token) {
        return token.map(t -> t.claim("iss"))
                .filter(iss -> !(iss instanceof String s && s.isEmpty()) && !Boolean.FALSE.equals(iss))
                .isPresent();
    }

    private boolean belongsToThisInstance(Optional<UnverifiedToken> token) {
        return token.map(t -> t.claim("iss")).filter(iss -> iss instanceof String)
                .map(iss -> SCHEME.matcher((String) iss).replaceAll(""))
                .filter(publishableKey.frontendApiHost()::equals)
                .isPresent();
    }

    /** {@code parseInt}-like: the leading integer of the text; 0 when there is none or it is negative. */
    private static long leadingInteger(String text) {
        var matcher = LEADING_INTEGER.matcher(text.strip());
        if (!matcher.find()) {
            return 0;
        }
        long value = Long.parseLong(matcher.group());
        return Math.max(0, value);
    }
}
