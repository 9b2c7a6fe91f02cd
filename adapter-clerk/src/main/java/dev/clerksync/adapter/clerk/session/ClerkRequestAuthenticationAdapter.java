package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.session.UnverifiedToken.MalformedTokenException;
import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionState.Handshake;
import dev.clerksync.domain.model.SessionState.SignedIn;
import dev.clerksync.domain.model.SessionState.SignedOut;
import dev.clerksync.domain.port.out.AuthenticateRequestPort;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * Clerk's {@code authenticateRequest} ({@code packages/backend/src/tokens/request.ts}) for session
 * tokens: signed in, signed out, or a handshake redirect through Clerk's Frontend API for a page
 * load whose session cookie is stale.
 *
 * <p><b>Header path.</b> A token in the {@code Authorization} header is used exclusively. Verified:
 * signed in. Too old or too new ({@code exp}/{@code nbf}/{@code iat}): a handshake for a page load,
 * signed out otherwise. Anything else: signed out with Clerk's reason.
 *
 * <p><b>Cookie path</b>, first match wins:
 * <ol>
 *   <li>development instance without a development-browser token: handshake {@code dev-browser-missing};</li>
 *   <li>no {@code __client_uat} (or 0) and no {@code __session}: signed out {@code session-token-and-uat-missing};</li>
 *   <li>{@code __session} but {@code __client_uat} 0: handshake {@code session-token-but-no-client-uat};</li>
 *   <li>{@code __client_uat} &gt; 0 but no {@code __session}: handshake {@code client-uat-but-no-session-token};</li>
 *   <li>malformed token, or a header Clerk never puts on session tokens ({@code alg}, {@code typ},
 *       {@code cat}): signed out with the reason;</li>
 *   <li>token {@code iat} before {@code __client_uat} (signed in or out elsewhere since): handshake
 *       {@code session-token-iat-before-client-uat};</li>
 *   <li>verify: signed in; too old or too new: handshake; anything else: signed out with the reason.</li>
 * </ol>
 *
 * <p><b>Handshakes</b> are only for page loads ({@link AuthenticateContext#isEligibleForHandshake()});
 * any other request gets signed out with the same reason, never a redirect. Each handshake sets the
 * loop guard {@code __clerk_redirect_count=<n+1>; SameSite=Lax; HttpOnly; Max-Age=2} exactly as Clerk
 * does; once it reaches {@value #MAXIMUM_HANDSHAKE_REDIRECTS} the request is signed out instead
 * ({@code handshake-redirect-loop:<reason>}), which is what mismatched keys look like.
 *
 * <p><b>Coming back from a handshake.</b> Clerk's Frontend API sends the browser back with a handshake
 * nonce (query or cookie) or token, which Clerk's SDK exchanges for {@code Set-Cookie} directives
 * (the nonce through the Backend API). This adapter does not resolve them. Instead, while a handshake
 * result is present, it never starts another handshake: the request is evaluated on its cookies as
 * usual (so a session refreshed meanwhile by clerk-js signs in), and where a handshake would follow it
 * is signed out ({@code handshake-unresolved:<reason>}) and left to clerk-js in the browser. That
 * bounds the cost of an unresolvable handshake to one round trip instead of three.
 *
 * <p>Not implemented (single-domain applications need none): token refresh through the
 * {@code __refresh} cookie, satellite/multi-domain sync, organization sync, the {@code dev-browser-sync}
 * handshake and proxy/custom Frontend API URLs.
 */
public final class ClerkRequestAuthenticationAdapter implements AuthenticateRequestPort, AutoCloseable {

    /** The Backend API version the handshake asks for ({@code SUPPORTED_BAPI_VERSION} of Clerk's SDK). */
    public static final String CLERK_API_VERSION = BackendApiJwksFetcher.CLERK_API_VERSION;
    /** Clerk stops at three handshake redirects within the loop guard's two seconds. */
    public static final int MAXIMUM_HANDSHAKE_REDIRECTS = 3;

    static final String SESSION_PENDING = "session-pending";
    static final String HANDSHAKE_REDIRECT_LOOP = "handshake-redirect-loop";
    static final String HANDSHAKE_UNRESOLVED = "handshake-unresolved";

    private static final System.Logger LOG = System.getLogger(ClerkRequestAuthenticationAdapter.class.getName());
    /** Opaque machine credentials (M2M tokens, OAuth access tokens, API keys) are never session tokens. */
    private static final List<String> MACHINE_TOKEN_PREFIXES = List.of("mt_", "oat_", "ak_");

    private final ClerkSessionSettings settings;
    private final ClerkPublishableKey publishableKey;
    private final String cookieSuffix;
    private final ClerkSessionTokenVerifier verifier;
    private final AtomicBoolean warnedAboutCookieWithoutAzp = new AtomicBoolean();

    /**
     * Uses this verifier, e.g. one shared with other token checks, and closes it on {@link #close()}.
     *
     * @throws IllegalArgumentException when the verifier was made from other settings
     */
    public ClerkRequestAuthenticationAdapter(ClerkSessionSettings settings, ClerkSessionTokenVerifier verifier) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.verifier = Objects.requireNonNull(verifier, "verifier must not be null");
        if (!settings.equals(verifier.settings())) {
            throw new IllegalArgumentException("the verifier was made from other settings");
        }
        this.publishableKey = settings.publishableKey();
        this.cookieSuffix = publishableKey.cookieSuffix();
    }

    /** An adapter with its own verifier and key cache; {@link #close()} releases them. */
    public static ClerkRequestAuthenticationAdapter create(ClerkSessionSettings settings) {
        return new ClerkRequestAuthenticationAdapter(settings, ClerkSessionTokenVerifier.create(settings));
    }

    @Override
    public Mono<SessionState> authenticate(AuthenticationRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Mono.defer(() -> {
            AuthenticateContext context = new AuthenticateContext(request, publishableKey, cookieSuffix, settings.clock());
            Optional<String> headerToken = context.tokenInHeader();
            return headerToken.isPresent() ? fromHeader(context, headerToken.get()) : fromCookies(context);
        });
    }

    @Override
    public void close() {
        verifier.close();
    }

    private Mono<SessionState> fromHeader(AuthenticateContext context, String token) {
        if (MACHINE_TOKEN_PREFIXES.stream().anyMatch(token::startsWith)) {
            return signedOut(TokenRejectionReason.TOKEN_TYPE_MISMATCH.code());
        }
        UnverifiedToken decoded;
        try {
            decoded = UnverifiedToken.decode(token);
        } catch (MalformedTokenException e) {
            return signedOut(TokenRejectionReason.TOKEN_INVALID.code());
        }
        return verifier.verify(decoded).map(result -> switch (result) {
            case Verified verified -> signedIn(verified.claims());
            case Rejected rejected -> rejected(context, rejected, false);
        });
    }

    private Mono<SessionState> fromCookies(AuthenticateContext context) {
        boolean handshakeResult = context.hasHandshakeResult();
        if (context.isDevelopmentInstance() && context.devBrowserToken().isEmpty()) {
            return Mono.just(handshakeOrSignedOut(context, "dev-browser-missing", handshakeResult));
        }
        long clientUat = context.clientUat();
        Optional<String> session = context.sessionTokenInCookie();
        if (clientUat == 0 && session.isEmpty()) {
            return signedOut("session-token-and-uat-missing");
        }
        if (clientUat == 0) {
            return Mono.just(handshakeOrSignedOut(context, "session-token-but-no-client-uat", handshakeResult));
        }
        if (session.isEmpty()) {
            return Mono.just(handshakeOrSignedOut(context, "client-uat-but-no-session-token", handshakeResult));
        }
        Optional<UnverifiedToken> decodedSession = context.decode(session.get());
        if (decodedSession.isEmpty()) {
            return signedOut(TokenRejectionReason.TOKEN_INVALID.code());
        }
        UnverifiedToken decoded = decodedSession.get();
        Optional<Rejected> headerProblem = ClerkSessionTokenVerifier.checkHeader(decoded);
        if (headerProblem.isPresent()) {
            return signedOut(headerProblem.get().reason().code());
        }
        if (decoded.seconds("iat").filter(iat -> iat < clientUat).isPresent()) {
            return Mono.just(handshakeOrSignedOut(context, "session-token-iat-before-client-uat", handshakeResult));
        }
        return verifier.verify(decoded).map(result -> switch (result) {
            case Verified verified -> {
                if (verified.claims().authorizedParty().isEmpty() && settings.authorizedParties().isEmpty()
                        && warnedAboutCookieWithoutAzp.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "A Clerk session cookie has no azp claim; Clerk plans to"
                            + " refuse such tokens. Set " + ClerkSessionSettings.AUTHORIZED_PARTIES_SETTING
                            + " to the origins of this application.");
                }
                yield signedIn(verified.claims());
            }
            case Rejected rejected -> rejected(context, rejected, handshakeResult);
        });
    }

    private SessionState rejected(AuthenticateContext context, Rejected rejected, boolean handshakeResult) {
        if (!rejected.reason().isCuredByFreshToken()) {
            return new SignedOut(rejected.reason().code());
        }
        return handshakeOrSignedOut(context, handshakeReason(context, rejected.reason()), handshakeResult);
    }

    /**
     * Clerk's {@code convertTokenVerificationErrorReasonToAuthErrorReason}, with no Backend API client
     * to refresh through (so an expired token's refresh is "not eligible" or "missing-api-client").
     */
    private static String handshakeReason(AuthenticateContext context, TokenRejectionReason reason) {
        return switch (reason) {
            case TOKEN_EXPIRED -> "session-token-expired-refresh-" + (!context.request().method().equals("GET")
                    ? "non-eligible-non-get"
                    : context.refreshTokenInCookie().isEmpty() ? "non-eligible-no-refresh-cookie" : "missing-api-client");
            case TOKEN_NOT_ACTIVE_YET -> "session-token-nbf";
            case TOKEN_IAT_IN_THE_FUTURE -> "session-token-iat-in-the-future";
            default -> throw new IllegalArgumentException(reason + " is not cured by a handshake");
        };
    }

    private SessionState handshakeOrSignedOut(AuthenticateContext context, String reason, boolean handshakeResult) {
        if (!context.isEligibleForHandshake()) {
            return new SignedOut(reason);
        }
        if (handshakeResult) {
            return new SignedOut(HANDSHAKE_UNRESOLVED + ":" + reason);
        }
        int redirects = context.handshakeRedirectCount();
        if (redirects >= MAXIMUM_HANDSHAKE_REDIRECTS) {
            LOG.log(System.Logger.Level.WARNING, "Clerk: refreshing the session token resulted in an infinite redirect"
                    + " loop (" + reason + "). This usually means that " + ClerkSessionSettings.PUBLISHABLE_KEY_SETTING
                    + " and " + ClerkSessionSettings.SECRET_KEY_SETTING + "/" + ClerkSessionSettings.JWT_KEY_SETTING
                    + " are not of the same Clerk instance.");
            return new SignedOut(HANDSHAKE_REDIRECT_LOOP + ":" + reason);
        }
        return new Handshake(handshakeLocation(context, reason),
                List.of(AuthenticateContext.REDIRECT_COUNT_COOKIE + "=" + (redirects + 1) + "; SameSite=Lax; HttpOnly; Max-Age=2"),
                reason);
    }

    /**
     * Clerk's {@code buildRedirectToHandshake}. Unlike Clerk's SDK it does not add the stale session
     * token as {@code __session=} to the URL: the Frontend API knows the client from its own cookie
     * (or the development-browser token), and a token in a URL ends up in logs and histories.
     */
    private URI handshakeLocation(AuthenticateContext context, String reason) {
        String redirectUrl = RequestUrls.withoutQueryParameters(context.request().url(),
                Set.of(AuthenticateContext.DEV_BROWSER, AuthenticateContext.LEGACY_DEV_BROWSER));
        StringBuilder location = new StringBuilder("https://").append(publishableKey.frontendApiHost())
                .append("/v1/client/handshake")
                .append("?redirect_url=").append(encode(redirectUrl))
                .append("&__clerk_api_version=").append(CLERK_API_VERSION)
                .append("&suffixed_cookies=").append(context.usesSuffixedCookies())
                .append("&__clerk_hs_reason=").append(encode(reason))
                .append("&format=nonce");
        if (context.isDevelopmentInstance()) {
            context.devBrowserToken().ifPresent(token ->
                    location.append('&').append(AuthenticateContext.DEV_BROWSER).append('=').append(encode(token)));
        }
        return URI.create(location.toString());
    }

    private static String encode(String value) {
        // application/x-www-form-urlencoded, as URLSearchParams.append serializes it.
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static SessionState signedIn(SessionClaims claims) {
        if (claims.isPending()) {
            return new SignedOut(SESSION_PENDING);
        }
        return new SignedIn(claims.userId(), claims.sessionId(), claims.organization());
    }

    private static Mono<SessionState> signedOut(String reason) {
        return Mono.just(new SignedOut(reason));
    }
}
