package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.BackendApiHandshakePayloads.HandshakePayload.Directives;
import dev.clerksync.adapter.clerk.session.BackendApiHandshakePayloads.HandshakePayload.NonceRefused;
import dev.clerksync.adapter.clerk.session.ClerkSessionObserver.SessionOutcome;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.session.UnverifiedToken.MalformedTokenException;
import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionState.Handshake;
import dev.clerksync.domain.model.SessionState.SignedIn;
import dev.clerksync.domain.model.SessionState.SignedOut;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import dev.clerksync.domain.port.out.AuthenticateRequestPort;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 *   <li>a page load coming back from a handshake with a result this adapter can resolve: the result
 *       (see below);</li>
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
 * nonce ({@code __clerk_handshake_nonce}) or, in its older form, a handshake token
 * ({@code __clerk_handshake}), each in the query or in a cookie. Either stands for the
 * {@code Set-Cookie} directives that bring the browser's Clerk cookies up to date, and is resolved
 * as Clerk's {@code HandshakeService} does:
 * <ul>
 *   <li>a nonce (which wins when both are present, as in Clerk) is exchanged through the Backend
 *       API ({@link BackendApiHandshakePayloads}), which needs {@code CLERK_SECRET_KEY};</li>
 *   <li>a token is a JWS whose {@code handshake} claim lists the directives; its header and signature
 *       are checked with the session-token keys ({@link ClerkSessionTokenVerifier#verifyHandshakeSignature}),
 *       so it resolves without a secret key too.</li>
 * </ul>
 * The result is a {@link Handshake} ({@code handshake-resolved}) back to the current URL without the
 * handshake parameters, setting the directives and deleting the handshake cookies. Clerk's SDK would
 * instead verify the new {@code __session} on this very request and answer signed in with the
 * cookies attached; a {@link SessionState} cannot sign in and set cookies at once, so the browser
 * reloads the clean URL (as Clerk's development instances do), and the new cookies meet the ordinary
 * rules there. One consequence: Clerk's development-only retry with 24 hours of clock skew is not
 * reproduced, as it would have to apply to all later requests; a development machine whose clock is
 * off by more than the skew ends at the loop guard.
 *
 * <p>Resolution is only for page loads: any other request is answered on its cookies alone, so a
 * leftover nonce cookie never costs an API request a Backend API call. A nonce or token that does not
 * resolve (refused by the Backend API; malformed, forged, or without directives) means
 * {@code handshake-invalid} and never starts another handshake: signed out, or, when it came as a
 * cookie the browser would otherwise keep sending, one redirect to the clean URL that deletes it
 * and sets the loop guard to its limit, so that the reload is answered on its cookies without any
 * further handshake. A Backend API that cannot answer is our failure:
 * {@link dev.clerksync.domain.model.SessionVerificationUnavailableException}, never signed out.
 *
 * <p><b>Unresolvable handshake results.</b> Without {@code CLERK_SECRET_KEY} ({@code CLERK_JWT_KEY}
 * only, no network) a nonce cannot be exchanged. Then, while a handshake result is present, no
 * other handshake is started: the request is evaluated on its cookies as usual (so a session
 * refreshed meanwhile by clerk-js signs in), and where a handshake would follow it is signed out
 * ({@code handshake-unresolved:<reason>}) and left to clerk-js in the browser. That bounds the cost
 * of an unresolvable handshake to one round trip instead of three.
 *
 * <p>Not implemented (single-domain applications need none): token refresh through the
 * {@code __refresh} cookie, satellite/multi-domain sync, organization sync, the {@code dev-browser-sync}
 * handshake and proxy/custom Frontend API URLs.
 */
public final class ClerkRequestAuthenticationAdapter implements AuthenticateRequestPort, AutoCloseable {

    /** The Backend API version the handshake asks for ({@code SUPPORTED_BAPI_VERSION} of Clerk's SDK). */
    public static final String CLERK_API_VERSION = BackendApiClient.CLERK_API_VERSION;
    /** Clerk stops at three handshake redirects within the loop guard's two seconds. */
    public static final int MAXIMUM_HANDSHAKE_REDIRECTS = 3;

    static final String SESSION_PENDING = "session-pending";
    static final String HANDSHAKE_REDIRECT_LOOP = "handshake-redirect-loop";
    static final String HANDSHAKE_UNRESOLVED = "handshake-unresolved";
    static final String HANDSHAKE_RESOLVED = "handshake-resolved";
    static final String HANDSHAKE_INVALID = "handshake-invalid";

    private static final System.Logger LOG = System.getLogger(ClerkRequestAuthenticationAdapter.class.getName());
    /** Opaque machine credentials (M2M tokens, OAuth access tokens, API keys) are never session tokens. */
    private static final List<String> MACHINE_TOKEN_PREFIXES = List.of("mt_", "oat_", "ak_");
    /** What Clerk's Frontend API adds to the URL it sends the browser back to. */
    private static final Set<String> HANDSHAKE_PARAMETERS = Set.of(AuthenticateContext.HANDSHAKE,
            AuthenticateContext.HANDSHAKE_NONCE, AuthenticateContext.HANDSHAKE_HELP);
    private static final Set<String> HANDSHAKE_AND_DEV_BROWSER_PARAMETERS = Set.of(AuthenticateContext.HANDSHAKE,
            AuthenticateContext.HANDSHAKE_NONCE, AuthenticateContext.HANDSHAKE_HELP, AuthenticateContext.DEV_BROWSER);

    private final ClerkSessionSettings settings;
    private final ClerkPublishableKey publishableKey;
    private final String cookieSuffix;
    private final ClerkSessionTokenVerifier verifier;
    /** Present with {@code CLERK_SECRET_KEY}: nonces can only be exchanged with it. */
    private final Optional<BackendApiHandshakePayloads> handshakePayloads;
    private final ClerkSessionObserver observer;
    private final AtomicBoolean warnedAboutCookieWithoutAzp = new AtomicBoolean();
    private final AtomicBoolean warnedAboutInvalidHandshake = new AtomicBoolean();

    /**
     * Uses this verifier, e.g. one shared with other token checks, and closes it on {@link #close()}.
     *
     * @param settings the instance's keys, issuer and rules
     * @param verifier a verifier made from the same settings
     * @throws NullPointerException     when an argument is null
     * @throws IllegalArgumentException when the verifier was made from other settings
     */
    public ClerkRequestAuthenticationAdapter(ClerkSessionSettings settings, ClerkSessionTokenVerifier verifier) {
        this(settings, verifier, ClerkSessionObserver.NONE);
    }

    /**
     * As {@link #ClerkRequestAuthenticationAdapter(ClerkSessionSettings, ClerkSessionTokenVerifier)},
     * telling {@code observer} how each request came out.
     */
    public ClerkRequestAuthenticationAdapter(ClerkSessionSettings settings, ClerkSessionTokenVerifier verifier,
            ClerkSessionObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null (use ClerkSessionObserver.NONE)");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.verifier = Objects.requireNonNull(verifier, "verifier must not be null");
        if (!settings.equals(verifier.settings())) {
            throw new IllegalArgumentException("the verifier was made from other settings");
        }
        this.publishableKey = settings.publishableKey();
        this.cookieSuffix = publishableKey.cookieSuffix();
        this.handshakePayloads = settings.secretKey().map(secretKey -> new BackendApiHandshakePayloads(
                settings.apiUrl(), secretKey, settings.httpConnectTimeout(), settings.httpRequestTimeout()));
    }

    /**
     * An adapter with its own verifier and key cache; {@link #close()} releases them.
     *
     * @param settings the instance's keys, issuer and rules
     * @return the adapter
     */
    public static ClerkRequestAuthenticationAdapter create(ClerkSessionSettings settings) {
        return create(settings, ClerkSessionObserver.NONE);
    }

    /**
     * An adapter with its own verifier and key cache that tells {@code observer} how each request came
     * out and about each key download; {@link #close()} releases them.
     */
    public static ClerkRequestAuthenticationAdapter create(ClerkSessionSettings settings, ClerkSessionObserver observer) {
        return new ClerkRequestAuthenticationAdapter(settings, ClerkSessionTokenVerifier.create(settings, observer), observer);
    }

    @Override
    public Mono<SessionState> authenticate(AuthenticationRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        return Mono.defer(() -> {
            AuthenticateContext context = new AuthenticateContext(request, publishableKey, cookieSuffix, settings.clock());
            Optional<String> headerToken = context.tokenInHeader();
            return headerToken.isPresent() ? fromHeader(context, headerToken.get()) : fromCookies(context);
        }).doOnNext(state -> observed(outcomeOf(state), SessionReasonCategory.of(state)))
                .doOnError(SessionVerificationUnavailableException.class,
                        unavailable -> observed(SessionOutcome.UNAVAILABLE, SessionReasonCategory.NONE));
    }

    private static SessionOutcome outcomeOf(SessionState state) {
        return switch (state) {
            case SignedIn signedIn -> SessionOutcome.SIGNED_IN;
            case SignedOut signedOut -> SessionOutcome.SIGNED_OUT;
            case Handshake handshake -> SessionOutcome.HANDSHAKE;
        };
    }

    private void observed(SessionOutcome outcome, SessionReasonCategory reason) {
        try {
            observer.requestAuthenticated(outcome, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The session observer failed", e);
        }
    }

    @Override
    public void close() {
        try {
            verifier.close();
        } finally {
            handshakePayloads.ifPresent(BackendApiHandshakePayloads::close);
        }
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
        if (context.isEligibleForHandshake()) {
            Optional<Mono<SessionState>> resolution = resolveHandshake(context);
            if (resolution.isPresent()) {
                return resolution.get();
            }
        }
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

    /**
     * Clerk's {@code resolveHandshake} for a page load: the nonce when it can be exchanged, else the
     * token. Empty when the request has neither, or only a nonce and no secret key to exchange it with.
     */
    private Optional<Mono<SessionState>> resolveHandshake(AuthenticateContext context) {
        Optional<String> nonce = context.handshakeNonce();
        if (nonce.isPresent() && handshakePayloads.isPresent()) {
            BackendApiHandshakePayloads payloads = handshakePayloads.get();
            return Optional.of(Mono.fromFuture(() -> payloads.fetch(nonce.get())).map(payload -> switch (payload) {
                case Directives directives -> resolved(context, directives.setCookies());
                case NonceRefused refused -> invalid(context,
                        "Clerk's Backend API refused the handshake nonce (HTTP " + refused.status() + ")");
            }));
        }
        Optional<String> token = context.handshakeToken();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<UnverifiedToken> decoded = UnverifiedToken.tryDecode(token.get());
        if (decoded.isEmpty()) {
            return Optional.of(Mono.just(invalid(context, "the handshake token is not a compact JWS")));
        }
        return Optional.of(verifier.verifyHandshakeSignature(decoded.get()).map(problem -> {
            if (problem.isPresent()) {
                return invalid(context, "the handshake token was refused: " + problem.get().reason() + " ("
                        + problem.get().message() + ")");
            }
            return HandshakeDirectives.from(decoded.get().claim("handshake"))
                    .map(directives -> resolved(context, directives))
                    .orElseGet(() -> invalid(context, "the handshake token has no list of Set-Cookie directives"));
        }));
    }

    /**
     * Back to the clean URL with the directives. The handshake cookies are deleted first, so that
     * Clerk's directives, which come after, win should one of them concern the same cookie.
     */
    private SessionState resolved(AuthenticateContext context, List<String> directives) {
        List<String> setCookies = new ArrayList<>(deletingHandshakeCookies(context));
        setCookies.addAll(directives);
        return new Handshake(locationAfterHandshake(context, directives), setCookies, HANDSHAKE_RESOLVED);
    }

    /**
     * A handshake result that resolves to nothing. Another handshake would most likely end the same
     * way (a nonce the Backend API refuses usually means a secret key of another instance), so none
     * is started. A result in a cookie must still be deleted, or the browser would bring it back with
     * every page load; that takes a response with {@code Set-Cookie}, hence one redirect to the clean
     * URL, which also sets the loop guard to its limit: the reload is answered on its cookies alone,
     * and should the deletion not take, it is signed out instead of redirected again.
     */
    private SessionState invalid(AuthenticateContext context, String why) {
        if (warnedAboutInvalidHandshake.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Clerk: a handshake could not be resolved: " + why + ". If this"
                    + " happens on every sign-in, " + ClerkSessionSettings.SECRET_KEY_SETTING + "/"
                    + ClerkSessionSettings.JWT_KEY_SETTING + " and " + ClerkSessionSettings.PUBLISHABLE_KEY_SETTING
                    + " are probably not of the same Clerk instance. (Logged once; later ones at DEBUG.)");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Clerk: a handshake could not be resolved: " + why);
        }
        if (!context.hasHandshakeCookie() || context.handshakeRedirectCount() >= MAXIMUM_HANDSHAKE_REDIRECTS) {
            return new SignedOut(HANDSHAKE_INVALID);
        }
        List<String> setCookies = new ArrayList<>(deletingHandshakeCookies(context));
        setCookies.add(redirectCountCookie(MAXIMUM_HANDSHAKE_REDIRECTS));
        return new Handshake(locationAfterHandshake(context, List.of()), setCookies, HANDSHAKE_INVALID);
    }

    private static List<String> deletingHandshakeCookies(AuthenticateContext context) {
        String host = context.request().url().getHost();
        List<String> directives = new ArrayList<>(HandshakeDirectives.deleting(AuthenticateContext.HANDSHAKE, host));
        directives.addAll(HandshakeDirectives.deleting(AuthenticateContext.HANDSHAKE_NONCE, host));
        return directives;
    }

    /**
     * The current URL without what the Frontend API added. The development-browser token goes too
     * (as in Clerk) when a directive sets it as a cookie; on a development instance whose directives
     * do not, it stays in the URL, where the reload still finds it.
     */
    private URI locationAfterHandshake(AuthenticateContext context, List<String> directives) {
        boolean keepDevBrowserToken = context.isDevelopmentInstance() && directives.stream()
                .map(HandshakeDirectives::cookieName)
                .noneMatch(name -> name.equals(AuthenticateContext.DEV_BROWSER)
                        || name.startsWith(AuthenticateContext.DEV_BROWSER + "_"));
        return URI.create(RequestUrls.withoutQueryParameters(context.request().url(),
                keepDevBrowserToken ? HANDSHAKE_PARAMETERS : HANDSHAKE_AND_DEV_BROWSER_PARAMETERS));
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
        return new Handshake(handshakeLocation(context, reason), List.of(redirectCountCookie(redirects + 1)), reason);
    }

    /** Clerk's loop guard: how many handshake redirects happened within the last two seconds. */
    private static String redirectCountCookie(int redirects) {
        return AuthenticateContext.REDIRECT_COUNT_COOKIE + "=" + redirects + "; SameSite=Lax; HttpOnly; Max-Age=2";
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
