package dev.clerksync.adapter.web;

import static dev.clerksync.adapter.web.SignInWebTestSupport.CLERK;
import static dev.clerksync.adapter.web.SignInWebTestSupport.client;
import static dev.clerksync.adapter.web.SignInWebTestSupport.session;
import static dev.clerksync.adapter.web.SignInWebTestSupport.signedIn;
import static dev.clerksync.adapter.web.SignInWebTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.SessionState;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

class SignInPageHandlerTest {

    private static String page(org.springframework.test.web.reactive.server.WebTestClient client, int status) {
        return client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void showsASignInButtonAndLoadsClerkFromTheInstancesFrontendApiWhenSignedOut() {
        var html = page(client(session(new SessionState.SignedOut("none")), id -> Mono.empty(), CLERK), 200);

        assertThat(html).contains("id=\"sign-in\"", ">Sign in<",
                "data-clerk-publishable-key=\"pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA\"",
                "data-clerk-js-url=\"https://clerk.inspired.puma-74.lcl.dev/npm/@clerk/clerk-js@5/dist/clerk.browser.js\"")
                .doesNotContain("id=\"user-button\"", "id=\"profile\"");
    }

    @Test
    void showsTheUserButtonAndTheSyncedProfileWhenSignedIn() {
        var html = page(client(session(signedIn()), id -> Mono.just(user("Ada Lovelace", "ada@example.com")), CLERK), 200);

        assertThat(html).contains("id=\"user-button\"", "Ada Lovelace", "ada@example.com", "user_ada")
                .doesNotContain("id=\"sign-in\"");
    }

    @Test
    void escapesWhatUsersTypedIntoTheirProfile() {
        var html = page(client(session(signedIn()),
                id -> Mono.just(user("<script>alert(1)</script>", "x\"@example.com")), CLERK), 200);

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }

    @Test
    void saysSoWhenSignInIsNotConfigured() {
        var html = page(client(session(new SessionState.SignedOut("none")), id -> Mono.empty(),
                SignInPageSettings.notConfigured()), 200);

        assertThat(html).contains("PUBLIC_CLERK_PUBLISHABLE_KEY is not set").doesNotContain("clerk.browser.js");
    }

    @Test
    void stillRendersWhenTheSessionCannotBeCheckedAndSaysSo() {
        var html = page(client(SignInWebTestSupport.sessionUnverifiable(), id -> Mono.empty(), CLERK), 503);

        assertThat(html).contains("Your session cannot be checked right now");
    }

    @Test
    void stillRendersWhenTheProfileCannotBeLoaded() {
        var html = page(client(session(signedIn()),
                id -> Mono.error(new IdentityProviderUnavailableException("down", null)), CLERK), 503);

        assertThat(html).contains("Your profile cannot be loaded right now", "id=\"user-button\"");
    }

    @Test
    void answersAPageLoadThatNeedsAHandshakeWithAnUncachedTemporaryRedirect() {
        var location = URI.create("https://clerk.inspired.puma-74.lcl.dev/v1/client/handshake?redirect_url=x");
        var handshake = new SessionState.Handshake(location,
                List.of("__clerk_redirect_count=1; Path=/; SameSite=Lax; HttpOnly; Max-Age=2"), "session-token-expired");

        client(session(handshake), id -> Mono.empty(), CLERK)
                .get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isTemporaryRedirect()
                .expectHeader().location(location.toString())
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectHeader().valueEquals("Set-Cookie", "__clerk_redirect_count=1; Path=/; SameSite=Lax; HttpOnly; Max-Age=2");
    }

    @Test
    void sendsSecurityHeadersAllowingScriptsOnlyFromHereAndTheClerkInstance() {
        client(session(new SessionState.SignedOut("none")), id -> Mono.empty(), CLERK)
                .get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("script-src 'self' https://clerk.inspired.puma-74.lcl.dev https://challenges.cloudflare.com",
                                "frame-ancestors 'none'", "object-src 'none'")
                        .doesNotContain("unsafe-eval", "script-src *"));
    }
}
