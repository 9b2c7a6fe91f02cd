package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.testing.JwksStandIn;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.OrganizationMembership;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionState.Handshake;
import dev.clerksync.domain.model.SessionState.SignedIn;
import dev.clerksync.domain.model.SessionState.SignedOut;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Clerk's authenticateRequest rules: token sources, cookies, the state machine and handshakes. */
class ClerkRequestAuthenticationAdapterTest {

    static final ClerkPublishableKey LIVE = ClerkPublishableKey.parse("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final ClerkPublishableKey DEV = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final String FRONTEND_API = "clerk.inspired.puma-74.lcl.dev";
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Tokens of this instance (dev and live keys share the Frontend API host, hence the issuer). */
    static final SessionTokens TOKENS = SessionTokens.generate(LIVE).withClock(CLOCK);
    static final SessionTokens OTHER_KEY = SessionTokens.generate(LIVE).withClock(CLOCK);
    static final String SUFFIX = LIVE.cookieSuffix();
    static final String DEV_SUFFIX = DEV.cookieSuffix();
    static final long CLIENT_UAT = NOW.getEpochSecond() - 100;
    static final String PAGE = "https://app.example.com/dashboard?tab=1";

    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    ClerkRequestAuthenticationAdapter adapter(ClerkPublishableKey key) {
        var adapter = ClerkRequestAuthenticationAdapter.create(
                ClerkSessionSettings.builder(key).jwtKey(TOKENS.publicKeyPem()).clock(CLOCK).build());
        toClose.add(adapter);
        return adapter;
    }

    ClerkRequestAuthenticationAdapter production() {
        return adapter(LIVE);
    }

    ClerkRequestAuthenticationAdapter development() {
        return adapter(DEV);
    }

    static SessionTokens.Token token(String user) {
        return TOKENS.token(user, "sess_" + user);
    }

    static String valid(String user) {
        return token(user).mint();
    }

    static SessionState authenticate(ClerkRequestAuthenticationAdapter adapter, Request request) {
        return adapter.authenticate(request.build()).block(Duration.ofSeconds(10));
    }

    static Request pageLoad() {
        return new Request("GET", PAGE).header("Sec-Fetch-Dest", "document").header("Accept", "text/html,application/xhtml+xml");
    }

    static Request apiCall() {
        return new Request("GET", "https://app.example.com/api/me").header("Accept", "application/json");
    }

    static SignedOut signedOut(String reason) {
        return new SignedOut(reason);
    }

    static SignedIn signedIn(String user) {
        return new SignedIn(new ClerkUserId(user), "sess_" + user, Optional.empty());
    }

    static String handshakeLocation(String redirectUrl, boolean suffixed, String reason) {
        return "https://" + FRONTEND_API + "/v1/client/handshake?redirect_url=" + redirectUrl
                + "&__clerk_api_version=2026-05-12&suffixed_cookies=" + suffixed + "&__clerk_hs_reason=" + reason
                + "&format=nonce";
    }

    static final String ENCODED_PAGE = "https%3A%2F%2Fapp.example.com%2Fdashboard%3Ftab%3D1";

    static Handshake handshake(String reason, int redirectCount) {
        return new Handshake(URI.create(handshakeLocation(ENCODED_PAGE, false, reason)),
                List.of("__clerk_redirect_count=" + redirectCount + "; SameSite=Lax; HttpOnly; Max-Age=2"), reason);
    }

    /** A request being put together. */
    static final class Request {
        final String method;
        final String url;
        final Map<String, List<String>> headers = new LinkedHashMap<>();

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        Request withoutHeader(String name) {
            headers.remove(name);
            return this;
        }

        Request cookie(String name, String value) {
            return header("Cookie", name + "=" + value);
        }

        Request session(String token) {
            return cookie("__session", token).cookie("__client_uat", Long.toString(CLIENT_UAT));
        }

        Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        AuthenticationRequest build() {
            return new AuthenticationRequest(method, URI.create(url), headers);
        }
    }

    @Test
    void anAdapterCanShareAVerifierOfTheSameSettingsOnly() {
        var settings = ClerkSessionSettings.builder(LIVE).jwtKey(TOKENS.publicKeyPem()).clock(CLOCK).build();
        var verifier = ClerkSessionTokenVerifier.create(settings);
        toClose.add(verifier);
        var other = ClerkSessionSettings.builder(LIVE).jwtKey(TOKENS.publicKeyPem()).clock(CLOCK).authorizedParties("https://a.example").build();

        var adapter = new ClerkRequestAuthenticationAdapter(settings, verifier);

        assertThat(authenticate(adapter, apiCall().bearer(valid("user_a")))).isEqualTo(signedIn("user_a"));
        assertThatThrownBy(() -> new ClerkRequestAuthenticationAdapter(other, verifier))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other settings");
    }

    @Nested
    class TokenSources {

        @Test
        void aBearerTokenSignsIn() {
            assertThat(authenticate(production(), apiCall().bearer(valid("user_a")))).isEqualTo(signedIn("user_a"));
        }

        @Test
        void aBareTokenWithoutSchemeSignsIn() {
            assertThat(authenticate(production(), apiCall().header("Authorization", valid("user_a"))))
                    .isEqualTo(signedIn("user_a"));
        }

        @Test
        void anotherSchemeIsNotATokenSoTheCookiesDecide() {
            assertThat(authenticate(production(), apiCall().header("Authorization", "Basic dXNlcjpwYXNz")))
                    .isEqualTo(signedOut("session-token-and-uat-missing"));
            assertThat(authenticate(production(), apiCall().header("Authorization", "Basic dXNlcjpwYXNz").session(valid("user_a"))))
                    .isEqualTo(signedIn("user_a"));
        }

        @Test
        void bearerIsCaseSensitiveAsInClerk() {
            assertThat(authenticate(production(), apiCall().header("Authorization", "bearer " + valid("user_a"))))
                    .isEqualTo(signedOut("session-token-and-uat-missing"));
        }

        @Test
        void theHeaderTokenIsUsedExclusivelyWhenPresent() {
            String forged = OTHER_KEY.token("user_b", "sess_user_b").mint();

            assertThat(authenticate(production(), apiCall().bearer(forged).session(valid("user_a"))))
                    .isEqualTo(signedOut("token-invalid-signature"));
            assertThat(authenticate(production(), apiCall().bearer(valid("user_a")).session("garbage")))
                    .isEqualTo(signedIn("user_a"));
        }

        @Test
        void junkAfterTheBearerTokenMakesItMalformed() {
            assertThat(authenticate(production(), apiCall().header("Authorization", "Bearer " + valid("user_a") + " extra")))
                    .isEqualTo(signedOut("token-invalid"));
            assertThat(authenticate(production(), apiCall().header("Authorization", "Bearer not-a-jwt")))
                    .isEqualTo(signedOut("token-invalid"));
        }

        @Test
        void machineTokensAndJwtTemplatesAreNotSessionTokens() {
            assertThat(authenticate(production(), apiCall().bearer("mt_0123456789abcdef"))).isEqualTo(signedOut("token-type-mismatch"));
            assertThat(authenticate(production(), apiCall().bearer("ak_0123456789abcdef"))).isEqualTo(signedOut("token-type-mismatch"));
            assertThat(authenticate(production(), apiCall().bearer(token("user_a").category(SessionTokens.JWT_TEMPLATE_CATEGORY).mint())))
                    .isEqualTo(signedOut("token-type-mismatch"));
        }

        @Test
        void anExpiredHeaderTokenHandshakesOnlyForAPageLoad() {
            String expired = token("user_a").expiresAt(NOW.minusSeconds(60)).mint();

            assertThat(authenticate(production(), pageLoad().bearer(expired)))
                    .isEqualTo(handshake("session-token-expired-refresh-non-eligible-no-refresh-cookie", 1));
            assertThat(authenticate(production(), apiCall().bearer(expired)))
                    .isEqualTo(signedOut("session-token-expired-refresh-non-eligible-no-refresh-cookie"));
            assertThat(authenticate(production(), new Request("POST", PAGE).header("Sec-Fetch-Dest", "document").bearer(expired)))
                    .isEqualTo(signedOut("session-token-expired-refresh-non-eligible-non-get"));
        }
    }

    @Nested
    class Cookies {

        @Test
        void theSuffixedCookiesOfThisKeySignIn() {
            var request = apiCall().cookie("__session_" + SUFFIX, valid("user_a")).cookie("__client_uat_" + SUFFIX, Long.toString(CLIENT_UAT));

            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_a"));
        }

        @Test
        void theUnsuffixedCookiesSignIn() {
            assertThat(authenticate(production(), apiCall().session(valid("user_a")))).isEqualTo(signedIn("user_a"));
        }

        @Test
        void anotherAppsSuffixedCookiesAreIgnored() {
            var request = apiCall().cookie("__session_Zm9vYmFy", valid("user_a")).cookie("__client_uat_Zm9vYmFy", Long.toString(CLIENT_UAT));

            assertThat(authenticate(production(), request)).isEqualTo(signedOut("session-token-and-uat-missing"));
        }

        @Test
        void theSuffixedCookiesWinOverTheUnsuffixedOnes() {
            var request = apiCall()
                    .cookie("__session", token("user_old").issuedAt(NOW.minusSeconds(30)).mint())
                    .cookie("__client_uat", Long.toString(CLIENT_UAT))
                    .cookie("__session_" + SUFFIX, valid("user_new"))
                    .cookie("__client_uat_" + SUFFIX, Long.toString(CLIENT_UAT));

            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_new"));
        }

        @Test
        void anUnsuffixedSessionOfAnotherInstanceIsNeverRead() {
            var request = apiCall()
                    .cookie("__session", token("user_other").issuer("https://clerk.other.example").mint())
                    .cookie("__client_uat", Long.toString(CLIENT_UAT));

            assertThat(authenticate(production(), request)).isEqualTo(signedOut("session-token-and-uat-missing"));
        }

        @Test
        void theFirstOfDuplicateSessionCookiesWins() {
            var request = apiCall().header("Cookie", "__session=" + valid("user_first") + "; __session=" + valid("user_second")
                    + "; __client_uat=" + CLIENT_UAT);

            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_first"));
        }

        @Test
        void aQuotedSessionCookieSignsIn() {
            var request = apiCall().header("Cookie", "__client_uat=\"" + CLIENT_UAT + "\"; __session=\"" + valid("user_a") + "\"");

            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_a"));
        }

        @Test
        void cookiesSpreadOverSeveralHeadersAreAllRead() {
            var request = apiCall().cookie("theme", "dark").cookie("__session", valid("user_a")).cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(request.headers.get("Cookie")).hasSize(3);
            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_a"));
        }
    }

    @Nested
    class CookiePath {

        @Test
        void noCookiesAtAllIsSignedOutEvenForAPageLoad() {
            assertThat(authenticate(production(), pageLoad())).isEqualTo(signedOut("session-token-and-uat-missing"));
        }

        @Test
        void aDevelopmentInstanceWithoutDevBrowserTokenHandshakesAPageLoad() {
            assertThat(authenticate(development(), pageLoad())).isEqualTo(handshake("dev-browser-missing", 1));
            assertThat(authenticate(development(), apiCall())).isEqualTo(signedOut("dev-browser-missing"));
        }

        @Test
        void aDevelopmentInstanceWithADevBrowserCookieOrQueryParameterGoesOn() {
            assertThat(authenticate(development(), pageLoad().cookie("__clerk_db_jwt", "dvb_123")))
                    .isEqualTo(signedOut("session-token-and-uat-missing"));
            assertThat(authenticate(development(), new Request("GET", PAGE + "&__clerk_db_jwt=dvb_123").header("Sec-Fetch-Dest", "document")))
                    .isEqualTo(signedOut("session-token-and-uat-missing"));
            assertThat(authenticate(development(), apiCall().cookie("__clerk_db_jwt", "dvb_123").session(valid("user_a"))))
                    .isEqualTo(signedIn("user_a"));
        }

        @Test
        void aSessionWithoutClientUatHandshakes() {
            assertThat(authenticate(production(), pageLoad().cookie("__session", valid("user_a"))))
                    .isEqualTo(handshake("session-token-but-no-client-uat", 1));
            assertThat(authenticate(production(), pageLoad().cookie("__session", valid("user_a")).cookie("__client_uat", "0")))
                    .isEqualTo(handshake("session-token-but-no-client-uat", 1));
            assertThat(authenticate(production(), pageLoad().cookie("__session", valid("user_a")).cookie("__client_uat", "NaN")))
                    .isEqualTo(handshake("session-token-but-no-client-uat", 1));
        }

        @Test
        void aClientUatWithoutSessionHandshakes() {
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", Long.toString(CLIENT_UAT))))
                    .isEqualTo(handshake("client-uat-but-no-session-token", 1));
        }

        @Test
        void aClientUatOfZeroWithoutSessionIsSignedOut() {
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", "0")))
                    .isEqualTo(signedOut("session-token-and-uat-missing"));
        }

        @Test
        void aMalformedSessionCookieIsSignedOutNotAHandshake() {
            assertThat(authenticate(production(), pageLoad().session("not.a.token"))).isEqualTo(signedOut("token-invalid"));
        }

        @Test
        void aJwtTemplateTokenInTheSessionCookieIsSignedOut() {
            String template = token("user_a").category(SessionTokens.JWT_TEMPLATE_CATEGORY).issuedAt(NOW.minusSeconds(3600)).mint();

            assertThat(authenticate(production(), pageLoad().session(template))).isEqualTo(signedOut("token-type-mismatch"));
        }

        @Test
        void aSessionIssuedBeforeTheClientLastChangedHandshakes() {
            String old = token("user_a").issuedAt(NOW.minusSeconds(200)).expiresAt(NOW.plusSeconds(60)).mint();

            assertThat(authenticate(production(), pageLoad().session(old)))
                    .isEqualTo(handshake("session-token-iat-before-client-uat", 1));
        }

        @Test
        void aValidSessionSignsInWithItsOrganization() {
            String token = token("user_a").organization("org_1", "acme", "admin", Optional.of("read"), Optional.of("1"), "o:teams").mint();

            assertThat(authenticate(production(), pageLoad().session(token))).isEqualTo(new SignedIn(new ClerkUserId("user_a"),
                    "sess_user_a", Optional.of(new OrganizationMembership("org_1", "acme", "org:admin", List.of("org:teams:read")))));
        }

        @Test
        void aPendingSessionIsSignedOut() {
            assertThat(authenticate(production(), pageLoad().session(token("user_a").status("pending").mint())))
                    .isEqualTo(signedOut("session-pending"));
        }

        @Test
        void anExpiredSessionHandshakesAPageLoadNamingWhyNoRefreshHappened() {
            String expired = token("user_a").expiresAt(NOW.minusSeconds(10)).mint();

            assertThat(authenticate(production(), pageLoad().session(expired)))
                    .isEqualTo(handshake("session-token-expired-refresh-non-eligible-no-refresh-cookie", 1));
            assertThat(authenticate(production(), pageLoad().session(expired).cookie("__refresh_" + SUFFIX, "r")))
                    .isEqualTo(handshake("session-token-expired-refresh-missing-api-client", 1));
        }

        @Test
        void aTokenNotYetValidOrIssuedInTheFutureHandshakes() {
            assertThat(authenticate(production(), pageLoad().session(token("user_a").notBefore(NOW.plusSeconds(30)).mint())))
                    .isEqualTo(handshake("session-token-nbf", 1));
            assertThat(authenticate(production(), pageLoad().session(token("user_a").claim("iat", NOW.getEpochSecond() + 30).mint())))
                    .isEqualTo(handshake("session-token-iat-in-the-future", 1));
        }

        @Test
        void otherVerificationErrorsAreSignedOutWithTheirReasonEvenForAPageLoad() {
            assertThat(authenticate(production(), pageLoad().session(OTHER_KEY.token("user_a", "sess_a").mint())))
                    .isEqualTo(signedOut("token-invalid-signature"));
            assertThat(authenticate(production(), pageLoad().session(token("user_a").unsigned().mint())))
                    .isEqualTo(signedOut("token-invalid-algorithm"));
            assertThat(authenticate(production(), pageLoad().session(token("user_a").withoutClaim("sub").mint())))
                    .isEqualTo(signedOut("token-verification-failed"));
        }
    }

    @Nested
    class Handshakes {

        @Test
        void theHandshakeUrlHasClerksExactShapeAndSetsTheLoopGuard() {
            var state = (Handshake) authenticate(production(),
                    new Request("GET", "https://app.example.com/p/a b?x=a%20b&y=1+2".replace(" ", "%20"))
                            .header("Sec-Fetch-Dest", "document").cookie("__client_uat", "" + CLIENT_UAT));

            assertThat(state.location()).hasToString("https://clerk.inspired.puma-74.lcl.dev/v1/client/handshake"
                    + "?redirect_url=https%3A%2F%2Fapp.example.com%2Fp%2Fa%2520b%3Fx%3Da%2520b%26y%3D1%2B2"
                    + "&__clerk_api_version=2026-05-12&suffixed_cookies=false"
                    + "&__clerk_hs_reason=client-uat-but-no-session-token&format=nonce");
            assertThat(state.setCookies()).containsExactly("__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2");
            assertThat(state.reason()).isEqualTo("client-uat-but-no-session-token");
        }

        @Test
        void aDevelopmentHandshakeCarriesTheDevBrowserTokenButNotInTheRedirectUrl() {
            var state = (Handshake) authenticate(development(),
                    new Request("GET", "https://app.example.com/dashboard?__clerk_db_jwt=dvb_2abc&tab=1")
                            .header("Sec-Fetch-Dest", "document").cookie("__client_uat", "" + CLIENT_UAT));

            assertThat(state.location()).hasToString(handshakeLocation(ENCODED_PAGE, false, "client-uat-but-no-session-token")
                    + "&__clerk_db_jwt=dvb_2abc");
        }

        @Test
        void suffixedCookiesAreReportedToTheFrontendApi() {
            var state = (Handshake) authenticate(production(), pageLoad()
                    .cookie("__session_" + SUFFIX, token("user_a").expiresAt(NOW.minusSeconds(10)).mint())
                    .cookie("__client_uat_" + SUFFIX, "" + CLIENT_UAT));

            assertThat(state.location().toString()).contains("&suffixed_cookies=true&");
        }

        @Test
        void aPostFormSubmissionIsSignedOutNotRedirected() {
            var request = new Request("POST", PAGE).header("Sec-Fetch-Dest", "document").cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(authenticate(production(), request)).isEqualTo(signedOut("client-uat-but-no-session-token"));
        }

        @Test
        void anApiCallAcceptingJsonIsSignedOutNotRedirected() {
            assertThat(authenticate(production(), apiCall().cookie("__client_uat", "" + CLIENT_UAT)))
                    .isEqualTo(signedOut("client-uat-but-no-session-token"));
        }

        @Test
        void aFetchWithSecFetchDestEmptyIsSignedOutEvenIfItAcceptsHtml() {
            var request = new Request("GET", PAGE).header("Sec-Fetch-Dest", "empty").header("Accept", "text/html")
                    .cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(authenticate(production(), request)).isEqualTo(signedOut("client-uat-but-no-session-token"));
        }

        @Test
        void anIframeLoadOrAnHtmlGetWithoutFetchMetadataHandshakes() {
            var iframe = new Request("GET", PAGE).header("Sec-Fetch-Dest", "iframe").cookie("__client_uat", "" + CLIENT_UAT);
            var oldBrowser = new Request("GET", PAGE).header("Accept", "text/html").cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(authenticate(production(), iframe)).isEqualTo(handshake("client-uat-but-no-session-token", 1));
            assertThat(authenticate(production(), oldBrowser)).isEqualTo(handshake("client-uat-but-no-session-token", 1));
        }

        @Test
        void aHeadRequestIsSignedOut() {
            var request = new Request("HEAD", PAGE).header("Sec-Fetch-Dest", "document").cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(authenticate(production(), request)).isInstanceOf(SignedOut.class);
        }

        @Test
        void theLoopGuardCountsUpAndStopsAtThreeRedirects() {
            var request = pageLoad().cookie("__client_uat", "" + CLIENT_UAT);

            assertThat(authenticate(production(), request)).isEqualTo(handshake("client-uat-but-no-session-token", 1));
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", "" + CLIENT_UAT).cookie("__clerk_redirect_count", "2")))
                    .isEqualTo(handshake("client-uat-but-no-session-token", 3));
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", "" + CLIENT_UAT).cookie("__clerk_redirect_count", "3")))
                    .isEqualTo(signedOut("handshake-redirect-loop:client-uat-but-no-session-token"));
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", "" + CLIENT_UAT).cookie("__clerk_redirect_count", "7")))
                    .isEqualTo(signedOut("handshake-redirect-loop:client-uat-but-no-session-token"));
            assertThat(authenticate(production(), pageLoad().cookie("__client_uat", "" + CLIENT_UAT).cookie("__clerk_redirect_count", "x")))
                    .isEqualTo(handshake("client-uat-but-no-session-token", 1));
        }

        @Test
        void withoutASecretKeyANonceCannotBeResolvedAndNoOtherHandshakeStarts() {
            String expired = token("user_a").expiresAt(NOW.minusSeconds(10)).mint();
            var withNonce = new Request("GET", PAGE + "&__clerk_handshake_nonce=n_123").header("Sec-Fetch-Dest", "document").session(expired);
            var withNonceCookie = pageLoad().session(expired).cookie("__clerk_handshake_nonce", "n_123");

            assertThat(authenticate(production(), withNonce))
                    .isEqualTo(signedOut("handshake-unresolved:session-token-expired-refresh-non-eligible-no-refresh-cookie"));
            assertThat(authenticate(production(), withNonceCookie))
                    .isEqualTo(signedOut("handshake-unresolved:session-token-expired-refresh-non-eligible-no-refresh-cookie"));
        }

        @Test
        void aHandshakeTokenIsResolvedEvenWithoutASecretKeySoAMalformedOneIsInvalid() {
            String expired = token("user_a").expiresAt(NOW.minusSeconds(10)).mint();
            var withTokenInQuery = new Request("GET", PAGE + "&__clerk_handshake=eyJ.eyJ.sig").header("Sec-Fetch-Dest", "document")
                    .session(expired);

            assertThat(authenticate(production(), withTokenInQuery)).isEqualTo(signedOut("handshake-invalid"));
        }

        @Test
        void comingBackFromAHandshakeWithAFreshSessionSignsIn() {
            var request = new Request("GET", PAGE + "&__clerk_handshake_nonce=n_123").header("Sec-Fetch-Dest", "document")
                    .session(valid("user_a"));

            assertThat(authenticate(production(), request)).isEqualTo(signedIn("user_a"));
        }
    }

    @Nested
    class KeysUnavailable {

        @Test
        void whenTheKeysCannotBeHadTheRequestFailsInsteadOfBeingSignedOut() {
            var clerk = JwksStandIn.start("sk_live_standIn0123456789", TOKENS.jwksJson());
            toClose.add(clerk);
            clerk.failWith(503);
            var adapter = ClerkRequestAuthenticationAdapter.create(ClerkSessionSettings.builder(LIVE)
                    .secretKey("sk_live_standIn0123456789").apiUrl(clerk.apiUrl().toString()).clock(CLOCK).build());
            toClose.add(adapter);

            StepVerifier.create(adapter.authenticate(pageLoad().session(valid("user_a")).build()))
                    .expectError(SessionVerificationUnavailableException.class)
                    .verify(Duration.ofSeconds(10));
            StepVerifier.create(adapter.authenticate(apiCall().bearer(valid("user_a")).build()))
                    .expectError(SessionVerificationUnavailableException.class)
                    .verify(Duration.ofSeconds(10));
        }

        @Test
        void withTheJwksAvailableTheSameRequestSignsIn() {
            var clerk = JwksStandIn.start("sk_live_standIn0123456789", TOKENS.jwksJson());
            toClose.add(clerk);
            var adapter = ClerkRequestAuthenticationAdapter.create(ClerkSessionSettings.builder(LIVE)
                    .secretKey("sk_live_standIn0123456789").apiUrl(clerk.apiUrl().toString()).clock(CLOCK).build());
            toClose.add(adapter);

            assertThat(authenticate(adapter, pageLoad().session(valid("user_a")))).isEqualTo(signedIn("user_a"));
        }
    }
}
