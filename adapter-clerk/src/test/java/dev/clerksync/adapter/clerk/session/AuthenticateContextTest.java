package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.AuthenticationRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a request is read: the Authorization header, cookie choice and numeric cookies. */
class AuthenticateContextTest {

    static final ClerkPublishableKey LIVE = ClerkPublishableKey.parse("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final ClerkPublishableKey DEV = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SessionTokens TOKENS = SessionTokens.generate(LIVE).withClock(CLOCK);

    static AuthenticateContext context(ClerkPublishableKey key, Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new AuthenticateContext(new AuthenticationRequest("GET", URI.create("https://app.example.com/"), multi), key,
                key.cookieSuffix(), CLOCK);
    }

    static AuthenticateContext cookies(ClerkPublishableKey key, String cookieHeader) {
        return context(key, Map.of("Cookie", cookieHeader));
    }

    static String sfx(String name) {
        return name + "_" + LIVE.cookieSuffix();
    }

    static String token(long iatOffset) {
        return TOKENS.token("user_a", "sess_a").issuedAt(NOW.plusSeconds(iatOffset)).mint();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Bearer abc.def.ghi|abc.def.ghi",
        "abc.def.ghi|abc.def.ghi",
        "'Bearer '|''",
        "Bearer|Bearer",
        "Bearer a b|a b"
    })
    void theHeaderTokenIsTheBearerTokenOrABareValue(String header, String token) {
        assertThat(context(LIVE, Map.of("Authorization", header)).tokenInHeader()).contains(token);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Basic dXNlcg==", "bearer abc", "BEARER abc", "Token abc", "''"})
    void otherSchemesAndEmptyHeadersAreNoToken(String header) {
        assertThat(context(LIVE, Map.of("Authorization", header)).tokenInHeader()).isEmpty();
    }

    @Test
    void noAuthorizationHeaderIsNoToken() {
        assertThat(context(LIVE, Map.of()).tokenInHeader()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1700000000|1700000000", "' 42 '|42", "12abc|12", "abc|0", "-5|0", "''|0", "+7|7"})
    void clientUatIsItsLeadingIntegerOrZero(String value, long expected) {
        assertThat(cookies(LIVE, "__client_uat=" + value).clientUat()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2|2", "3|3", "x|0", "''|0", "1.5|0", "99999999999|0"})
    void theRedirectCountIsANumberOrZero(String value, int expected) {
        assertThat(cookies(LIVE, "__clerk_redirect_count=" + value).handshakeRedirectCount()).isEqualTo(expected);
    }

    @Test
    void onlySuffixedCookiesAreReadSuffixed() {
        var context = cookies(LIVE, sfx("__session") + "=" + token(0) + "; " + sfx("__client_uat") + "=5");

        assertThat(context.usesSuffixedCookies()).isTrue();
        assertThat(context.clientUat()).isEqualTo(5);
    }

    @Test
    void withoutSuffixedCookiesTheUnsuffixedOnesAreRead() {
        var context = cookies(LIVE, "__session=" + token(0) + "; __client_uat=5");

        assertThat(context.usesSuffixedCookies()).isFalse();
        assertThat(context.sessionTokenInCookie()).isPresent();
    }

    @Test
    void anUnsuffixedSessionWithoutIssuerMeansUnsuffixedSoItEndsSignedOut() {
        var context = cookies(LIVE, "__session=" + TOKENS.token("user_a", "sess_a").withoutClaim("iss").mint()
                + "; " + sfx("__session") + "=" + token(0) + "; " + sfx("__client_uat") + "=5");

        assertThat(context.usesSuffixedCookies()).isFalse();
    }

    @Test
    void anUnsuffixedSessionOfAnotherInstanceMeansSuffixed() {
        var context = cookies(LIVE, "__session=" + TOKENS.token("user_a", "sess_a").issuer("https://clerk.other.dev").mint());

        assertThat(context.usesSuffixedCookies()).isTrue();
        assertThat(context.sessionTokenInCookie()).isEmpty();
    }

    @Test
    void aNewerUnsuffixedSessionWinsWhenBothSaySignedIn() {
        var context = cookies(LIVE, "__session=" + token(0) + "; __client_uat=5; "
                + sfx("__session") + "=" + token(-30) + "; " + sfx("__client_uat") + "=5");

        assertThat(context.usesSuffixedCookies()).isFalse();
    }

    @Test
    void anOlderUnsuffixedSessionLosesToTheSuffixedOne() {
        var context = cookies(LIVE, "__session=" + token(-30) + "; __client_uat=5; "
                + sfx("__session") + "=" + token(0) + "; " + sfx("__client_uat") + "=5");

        assertThat(context.usesSuffixedCookies()).isTrue();
    }

    @Test
    void suffixedSignedOutButUnsuffixedSignedInMeansUnsuffixed() {
        var context = cookies(LIVE, "__session=" + token(0) + "; __client_uat=5; " + sfx("__client_uat") + "=0");

        assertThat(context.usesSuffixedCookies()).isFalse();
    }

    @Test
    void aSuffixedSessionWithoutSuffixedClientUatMeansUnsuffixed() {
        var context = cookies(LIVE, sfx("__session") + "=" + token(0) + "; __client_uat=5");

        assertThat(context.usesSuffixedCookies()).isFalse();
    }

    @Test
    void inDevelopmentAnExpiredSuffixedSessionOfADowngradedClerkJsMeansUnsuffixed() {
        String devSfx = DEV.cookieSuffix();
        String expired = TOKENS.token("user_a", "sess_a").issuedAt(NOW.minusSeconds(120)).mint();
        String header = "__client_uat=0; __session_" + devSfx + "=" + expired + "; __client_uat_" + devSfx + "=5";

        assertThat(cookies(DEV, header).usesSuffixedCookies()).isFalse();
        assertThat(cookies(LIVE, header.replace(devSfx, LIVE.cookieSuffix())).usesSuffixedCookies()).isTrue();
    }

    @Test
    void theDevBrowserTokenComesFromTheQueryFirstThenTheCookie() {
        var fromCookie = cookies(DEV, "__clerk_db_jwt=from_cookie");
        var fromQuery = new AuthenticateContext(new AuthenticationRequest("GET",
                URI.create("https://app.example.com/?__clerk_db_jwt=from_query"), Map.of("Cookie", List.of("__clerk_db_jwt=from_cookie"))),
                DEV, DEV.cookieSuffix(), CLOCK);

        assertThat(fromCookie.devBrowserToken()).contains("from_cookie");
        assertThat(fromQuery.devBrowserToken()).contains("from_query");
    }

    @Test
    void aHandshakeResultIsANonceOrTokenInTheQueryOrACookie() {
        assertThat(cookies(LIVE, "__clerk_handshake=x").hasHandshakeResult()).isTrue();
        assertThat(cookies(LIVE, "__clerk_handshake_nonce=x").hasHandshakeResult()).isTrue();
        assertThat(cookies(LIVE, "__clerk_handshake=").hasHandshakeResult()).isFalse();
        assertThat(context(LIVE, Map.of()).hasHandshakeResult()).isFalse();
    }
}
