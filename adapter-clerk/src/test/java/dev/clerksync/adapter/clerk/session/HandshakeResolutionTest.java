package dev.clerksync.adapter.clerk.session;

import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.CLIENT_UAT;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.CLOCK;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.DEV;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.LIVE;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.NOW;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.OTHER_KEY;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.PAGE;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.TOKENS;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.apiCall;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.authenticate;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.pageLoad;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.signedIn;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.signedOut;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.token;
import static dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapterTest.Request;
import dev.clerksync.adapter.clerk.testing.JwksStandIn;
import dev.clerksync.adapter.clerk.testing.JwksStandIn.HandshakePayloadRequest;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionState.Handshake;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Coming back from Clerk's handshake: the nonce exchanged through the Backend API (a local
 * stand-in), the handshake token verified, and what happens when either does not resolve.
 */
class HandshakeResolutionTest {

    static final String LIVE_SECRET = "sk_live_standIn0123456789";
    static final String EXPIRED = token("user_a").expiresAt(NOW.minusSeconds(10)).mint();
    static final String STALE_REASON = "session-token-expired-refresh-non-eligible-no-refresh-cookie";
    static final String FRESH = valid("user_a");
    /** What Clerk's Frontend API hands over for a refreshed session on app.example.com. */
    static final List<String> DIRECTIVES = List.of(
            "__session=" + FRESH + "; Path=/; Secure; SameSite=Lax",
            "__client_uat=" + NOW.getEpochSecond() + "; Path=/; Domain=example.com; Max-Age=315360000; Secure; SameSite=Lax",
            "__clerk_handshake_nonce=; Path=/; Domain=example.com; Max-Age=0");
    /** The handshake cookies deleted for app.example.com and each of its parent domains. */
    static final List<String> DELETIONS = List.of(
            "__clerk_handshake=; Path=/; Max-Age=0",
            "__clerk_handshake=; Path=/; Domain=app.example.com; Max-Age=0",
            "__clerk_handshake=; Path=/; Domain=example.com; Max-Age=0",
            "__clerk_handshake_nonce=; Path=/; Max-Age=0",
            "__clerk_handshake_nonce=; Path=/; Domain=app.example.com; Max-Age=0",
            "__clerk_handshake_nonce=; Path=/; Domain=example.com; Max-Age=0");

    final List<AutoCloseable> toClose = new ArrayList<>();
    JwksStandIn clerk;

    @BeforeEach
    void startClerk() {
        clerk = JwksStandIn.start(LIVE_SECRET, TOKENS.jwksJson());
        toClose.add(clerk);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    ClerkRequestAuthenticationAdapter adapter(ClerkSessionSettings.Builder settings) {
        var adapter = ClerkRequestAuthenticationAdapter.create(settings.clock(CLOCK).build());
        toClose.add(adapter);
        return adapter;
    }

    /** A production instance with CLERK_SECRET_KEY: keys and handshake payloads from the stand-in. */
    ClerkRequestAuthenticationAdapter production() {
        return adapter(ClerkSessionSettings.builder(LIVE).secretKey(LIVE_SECRET).apiUrl(clerk.apiUrl().toString()));
    }

    static Request returningTo(String url) {
        return new Request("GET", url).header("Sec-Fetch-Dest", "document").header("Accept", "text/html");
    }

    static SessionState.SignedOut invalid() {
        return signedOut("handshake-invalid");
    }

    static Handshake resolved(String location, List<String> directives) {
        return new Handshake(URI.create(location), Stream.concat(DELETIONS.stream(), directives.stream()).toList(),
                "handshake-resolved");
    }

    HandshakePayloadRequest payloadRequestFor(String nonce) {
        return new HandshakePayloadRequest("GET", Optional.of(nonce), Optional.of("Bearer " + LIVE_SECRET), Optional.of("2026-05-12"));
    }

    /**
     * The request a browser sends next: to {@code location}, with the cookies it had updated by
     * {@code setCookies} (a cookie set with {@code Max-Age=0} is deleted; domains are not modelled).
     */
    static Request reload(Handshake state, Map<String, String> cookiesBefore) {
        Map<String, String> jar = new LinkedHashMap<>(cookiesBefore);
        for (String directive : state.setCookies()) {
            String pair = directive.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('=')).strip();
            if (directive.contains("Max-Age=0")) {
                jar.remove(name);
            } else {
                jar.put(name, pair.substring(pair.indexOf('=') + 1).strip());
            }
        }
        Request next = returningTo(state.location().toString());
        jar.forEach(next::cookie);
        return next;
    }

    static void assertUnavailable(ClerkRequestAuthenticationAdapter adapter, Request request, String messagePart) {
        StepVerifier.create(adapter.authenticate(request.build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(SessionVerificationUnavailableException.class)
                        .hasMessageContaining(messagePart)
                        .hasMessageNotContaining(LIVE_SECRET))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aNonceInTheQueryIsExchangedForClerksDirectivesAndARedirectToTheCleanUrl() {
        clerk.serveHandshakePayload("n_1", DIRECTIVES);

        SessionState state = authenticate(production(),
                returningTo(PAGE + "&__clerk_handshake_nonce=n_1&__clerk_help=1").session(EXPIRED));

        assertThat(state).isEqualTo(resolved("https://app.example.com/dashboard?tab=1", DIRECTIVES));
        assertThat(clerk.handshakePayloadRequests()).containsExactly(payloadRequestFor("n_1"));
    }

    @Test
    void aNonceInACookieIsExchangedLikeOneInTheQueryEncodedForTheBackendApi() {
        String nonce = "n 2+/=&x";
        clerk.serveHandshakePayload(nonce, DIRECTIVES);

        SessionState state = authenticate(production(), returningTo(PAGE).session(EXPIRED).cookie("__clerk_handshake_nonce", nonce));

        assertThat(state).isEqualTo(resolved(PAGE, DIRECTIVES));
        assertThat(clerk.handshakePayloadRequests()).containsExactly(payloadRequestFor(nonce));
    }

    @Test
    void theReloadWithTheNewCookiesIsSignedInWithoutAnotherExchange() {
        clerk.serveHandshakePayload("n_1", DIRECTIVES);
        var adapter = production();
        Map<String, String> cookies = Map.of("__session", EXPIRED, "__client_uat", Long.toString(CLIENT_UAT),
                "__clerk_handshake_nonce", "n_1");
        var back = returningTo(PAGE);
        cookies.forEach(back::cookie);

        var state = (Handshake) authenticate(adapter, back);
        var next = reload(state, cookies);

        assertThat(next.headers.get("Cookie")).noneMatch(cookie -> cookie.startsWith("__clerk_handshake_nonce="));
        assertThat(authenticate(adapter, next)).isEqualTo(signedIn("user_a"));
        assertThat(clerk.handshakePayloadRequests()).hasSize(1);
    }

    @Test
    void onlyTheHandshakeParametersLeaveTheUrlEveryOtherPartStaysAsItWas() {
        clerk.serveHandshakePayload("n_1", DIRECTIVES);

        SessionState state = authenticate(production(), returningTo("https://app.example.com/p/a%20b?__clerk_handshake_nonce=n_1"
                + "&x=a%20b&__clerk_help=1&y=1+2&__clerk_db_jwt=dvb_1&z").session(EXPIRED));

        assertThat(((Handshake) state).location()).hasToString("https://app.example.com/p/a%20b?x=a%20b&y=1+2&z");
    }

    @Test
    void onADevelopmentInstanceTheDevBrowserTokenLeavesTheUrlOnlyWhenADirectiveSetsItAsACookie() {
        var devClerk = JwksStandIn.start(TOKENS.jwksJson());
        toClose.add(devClerk);
        var adapter = adapter(ClerkSessionSettings.builder(DEV).secretKey(devClerk.secretKey()).apiUrl(devClerk.apiUrl().toString()));
        List<String> withDevBrowser = Stream.concat(DIRECTIVES.stream(), Stream.of("__clerk_db_jwt=dvb_1; Path=/; SameSite=Lax")).toList();
        devClerk.serveHandshakePayload("n_with", withDevBrowser);
        devClerk.serveHandshakePayload("n_without", DIRECTIVES);

        assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_db_jwt=dvb_1&__clerk_handshake_nonce=n_with")))
                .isEqualTo(resolved(PAGE, withDevBrowser));
        assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_db_jwt=dvb_1&__clerk_handshake_nonce=n_without")))
                .isEqualTo(resolved(PAGE + "&__clerk_db_jwt=dvb_1", DIRECTIVES));
    }

    @Test
    void aHandshakeTokenInTheQueryOrACookieIsVerifiedAndItsDirectivesSetWithoutAnyExchange() {
        String handshake = TOKENS.handshake(DIRECTIVES).mint();
        var adapter = production();

        assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_handshake=" + handshake).session(EXPIRED)))
                .isEqualTo(resolved(PAGE, DIRECTIVES));
        assertThat(authenticate(adapter, returningTo(PAGE).session(EXPIRED).cookie("__clerk_handshake", handshake)))
                .isEqualTo(resolved(PAGE, DIRECTIVES));
        assertThat(clerk.handshakePayloadRequests()).isEmpty();
    }

    @Test
    void aHandshakeTokenResolvesWithoutNetworkWithTheJwtKeyAlone() {
        var networkless = adapter(ClerkSessionSettings.builder(LIVE).jwtKey(TOKENS.publicKeyPem()));

        assertThat(authenticate(networkless, returningTo(PAGE).session(EXPIRED).cookie("__clerk_handshake", TOKENS.handshake(DIRECTIVES).mint())))
                .isEqualTo(resolved(PAGE, DIRECTIVES));
    }

    @Test
    void whenBothArePresentTheNonceWinsAsInClerk() {
        List<String> fromApi = List.of("__client_uat=0; Path=/; Domain=example.com; Max-Age=315360000");
        clerk.serveHandshakePayload("n_1", fromApi);

        assertThat(authenticate(production(), returningTo(PAGE + "&__clerk_handshake_nonce=n_1&__clerk_handshake="
                + TOKENS.handshake(DIRECTIVES).mint())))
                .isEqualTo(resolved(PAGE, fromApi));
    }

    @Test
    void aForgedMalformedOrTemplateHandshakeTokenIsInvalidAndStartsNoHandshake() {
        var adapter = production();
        List<String> forged = List.of(
                OTHER_KEY.handshake(DIRECTIVES).mint(),
                TOKENS.handshake(DIRECTIVES).unsigned().mint(),
                TOKENS.handshake(DIRECTIVES).hmacWithPublicKeyPem().mint(),
                TOKENS.handshake(DIRECTIVES).category(SessionTokens.JWT_TEMPLATE_CATEGORY).mint(),
                TOKENS.handshake(DIRECTIVES).keyId("ins_unknown").mint(),
                TOKENS.handshake(DIRECTIVES).claim("handshake", "__session=x").mint(),
                TOKENS.handshake(DIRECTIVES).withoutClaim("handshake").mint(),
                TOKENS.handshake(List.of("__session=x\r\nLocation: https://evil.example")).mint(),
                TOKENS.handshake(List.of("no cookie here")).mint(),
                "eyJ.eyJ.sig");

        for (String handshake : forged) {
            assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_handshake=" + handshake).session(EXPIRED)))
                    .as(handshake).isEqualTo(invalid());
        }
    }

    @Test
    void aRefusedNonceInTheQueryIsSignedOutWithoutAnotherHandshake() {
        var adapter = production();

        assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_handshake_nonce=n_unknown").session(EXPIRED))).isEqualTo(invalid());
        clerk.failHandshakePayloadsWith(400);
        assertThat(authenticate(adapter, returningTo(PAGE + "&__clerk_handshake_nonce=n_bad").session(EXPIRED))).isEqualTo(invalid());
        assertThat(clerk.handshakePayloadRequests()).containsExactly(payloadRequestFor("n_unknown"), payloadRequestFor("n_bad"));
    }

    @Test
    void aRefusedNonceCookieIsDeletedByOneRedirectAfterWhichNoHandshakeFollows() {
        var adapter = production();
        Map<String, String> cookies = Map.of("__session", EXPIRED, "__client_uat", Long.toString(CLIENT_UAT),
                "__clerk_handshake_nonce", "n_used");
        var back = returningTo(PAGE);
        cookies.forEach(back::cookie);

        var state = authenticate(adapter, back);

        assertThat(state).isEqualTo(new Handshake(URI.create(PAGE), Stream.concat(DELETIONS.stream(),
                Stream.of("__clerk_redirect_count=3; SameSite=Lax; HttpOnly; Max-Age=2")).toList(), "handshake-invalid"));
        // The reload still has a stale session, which would call for a handshake: the loop guard stops it.
        assertThat(authenticate(adapter, reload((Handshake) state, cookies)))
                .isEqualTo(signedOut("handshake-redirect-loop:" + STALE_REASON));
        // Had the deletion not taken, the same nonce comes back: signed out, not redirected again.
        assertThat(authenticate(adapter, returningTo(PAGE).session(EXPIRED).cookie("__clerk_handshake_nonce", "n_used")
                .cookie("__clerk_redirect_count", "3")))
                .isEqualTo(invalid());
    }

    @Test
    void whenTheBackendApiCannotAnswerTheRequestFailsAsUnavailableNeverSignedOut() {
        var adapter = production();
        var back = returningTo(PAGE + "&__clerk_handshake_nonce=n_1").session(EXPIRED);
        clerk.serveHandshakePayload("n_1", DIRECTIVES);

        clerk.failHandshakePayloadsWith(503);
        assertUnavailable(adapter, back, "answered HTTP 503 to GET /v1/clients/handshake_payload");
        clerk.failHandshakePayloadsWith(500);
        assertUnavailable(adapter, back, "HTTP 500");
        clerk.failHandshakePayloadsWith(429);
        assertUnavailable(adapter, back, "rate limiting");
        clerk.failHandshakePayloadsWith(401);
        assertUnavailable(adapter, back, "refused CLERK_SECRET_KEY (HTTP 401");
        clerk.recover();
        clerk.hangUp();
        assertUnavailable(adapter, back, "could not be reached for GET /v1/clients/handshake_payload");
        clerk.recover();
        assertThat(authenticate(adapter, back)).isEqualTo(resolved(PAGE, DIRECTIVES));
    }

    @Test
    void anAnswerThatIsNotAHandshakePayloadIsUnavailableRatherThanSetAsCookies() {
        var adapter = production();
        List<String> answers = List.of("<html>not json</html>", "{\"directives\":\"__session=x\"}", "{\"payload\":\"x\"}",
                "{\"directives\":[\"__session=x\\r\\nLocation: https://evil.example\"]}", "{\"directives\":[42]}");

        for (String answer : answers) {
            clerk.serveRawHandshakePayload("n_1", answer);
            assertUnavailable(adapter, returningTo(PAGE + "&__clerk_handshake_nonce=n_1"), "not a handshake payload");
        }
    }

    @Test
    void aSlowOrStoppedBackendApiCostsNoMoreThanTheTimeouts() {
        var adapter = adapter(ClerkSessionSettings.builder(LIVE).secretKey(LIVE_SECRET).apiUrl(clerk.apiUrl().toString())
                .httpTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)));
        var back = returningTo(PAGE + "&__clerk_handshake_nonce=n_1");
        clerk.delayAnswersBy(Duration.ofSeconds(5));

        long started = System.nanoTime();
        assertUnavailable(adapter, back, "did not answer GET /v1/clients/handshake_payload in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

        clerk.close();
        assertUnavailable(adapter, back, "could not be reached");
    }

    @Test
    void unavailableKeysForAHandshakeTokenAreUnavailableToo() {
        clerk.failWith(503);

        assertUnavailable(production(), returningTo(PAGE + "&__clerk_handshake=" + TOKENS.handshake(DIRECTIVES).mint()), "HTTP 503");
    }

    @Test
    void aRequestThatIsNoPageLoadIgnoresALeftoverNonceAndCostsNoBackendApiCall() {
        var adapter = production();

        assertThat(authenticate(adapter, apiCall().session(FRESH).cookie("__clerk_handshake_nonce", "n_1")))
                .isEqualTo(signedIn("user_a"));
        assertThat(authenticate(adapter, apiCall().session(EXPIRED).cookie("__clerk_handshake_nonce", "n_1")))
                .isEqualTo(signedOut(STALE_REASON));
        assertThat(authenticate(adapter, new Request("POST", PAGE + "&__clerk_handshake_nonce=n_1")
                .header("Sec-Fetch-Dest", "document").session(EXPIRED)))
                .isEqualTo(signedOut("session-token-expired-refresh-non-eligible-non-get"));
        assertThat(clerk.handshakePayloadRequests()).isEmpty();
    }

    @Test
    void theExchangeNeverRunsOnTheSubscribingThread() throws Exception {
        clerk.serveHandshakePayload("n_1", DIRECTIVES);
        var adapter = production();
        clerk.holdAnswers();
        var emitted = new AtomicReference<SessionState>();
        var emittedOn = new AtomicReference<Thread>();
        var done = new CountDownLatch(1);

        // If subscribing waited for the Backend API, this would not return while its answers are held.
        long started = System.nanoTime();
        Disposable subscription = adapter.authenticate(returningTo(PAGE + "&__clerk_handshake_nonce=n_1").build())
                .subscribe(state -> {
                    emitted.set(state);
                    emittedOn.set(Thread.currentThread());
                    done.countDown();
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(done.getCount()).isEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (clerk.handshakePayloadRequests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(clerk.handshakePayloadRequests()).hasSize(1);
        clerk.releaseAnswers();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(emitted.get()).isEqualTo(resolved(PAGE, DIRECTIVES));
        assertThat(emittedOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(subscription.isDisposed()).isTrue();
    }

    @Test
    void deletingAHandshakeCookieCoversTheHostAndEachParentDomainButNoneForAnIpOrLocalhost() {
        assertThat(HandshakeDirectives.deleting("__clerk_handshake_nonce", "App.Example.co.uk")).containsExactly(
                "__clerk_handshake_nonce=; Path=/; Max-Age=0",
                "__clerk_handshake_nonce=; Path=/; Domain=app.example.co.uk; Max-Age=0",
                "__clerk_handshake_nonce=; Path=/; Domain=example.co.uk; Max-Age=0",
                "__clerk_handshake_nonce=; Path=/; Domain=co.uk; Max-Age=0");
        assertThat(HandshakeDirectives.deleting("__clerk_handshake", "localhost")).containsExactly("__clerk_handshake=; Path=/; Max-Age=0");
        assertThat(HandshakeDirectives.deleting("__clerk_handshake", "127.0.0.1")).containsExactly("__clerk_handshake=; Path=/; Max-Age=0");
        assertThat(HandshakeDirectives.deleting("__clerk_handshake", "[::1]")).containsExactly("__clerk_handshake=; Path=/; Max-Age=0");
    }

    @Test
    void onlyListsOfCookieDirectivesWithoutControlCharactersAreDirectives() {
        assertThat(HandshakeDirectives.from(List.of("__session=a; Path=/", "__client_uat=0"))).contains(List.of("__session=a; Path=/", "__client_uat=0"));
        assertThat(HandshakeDirectives.from(List.of())).contains(List.of());
        assertThat(HandshakeDirectives.from(List.of("a=b\nSet-Cookie: c=d"))).isEmpty();
        assertThat(HandshakeDirectives.from(List.of("a=b\u007f"))).isEmpty();
        assertThat(HandshakeDirectives.from(List.of("=b"))).isEmpty();
        assertThat(HandshakeDirectives.from(List.of("novalue; a=b"))).isEmpty();
        assertThat(HandshakeDirectives.from(java.util.Collections.nCopies(65, "a=b"))).isEmpty();
        assertThat(HandshakeDirectives.from("a=b")).isEmpty();
        assertThat(HandshakeDirectives.cookieName(" __clerk_db_jwt_abc = x; Path=/")).isEqualTo("__clerk_db_jwt_abc");
    }
}
