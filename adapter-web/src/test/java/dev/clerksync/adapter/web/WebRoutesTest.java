package dev.clerksync.adapter.web;

import static dev.clerksync.adapter.web.SignInWebTestSupport.CLERK;
import static dev.clerksync.adapter.web.SignInWebTestSupport.client;
import static dev.clerksync.adapter.web.SignInWebTestSupport.session;
import static dev.clerksync.adapter.web.SignInWebTestSupport.signedIn;
import static dev.clerksync.adapter.web.SignInWebTestSupport.user;

import dev.clerksync.domain.model.SessionState;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

class WebRoutesTest {

    private final WebTestClient signedOut = client(session(new SessionState.SignedOut("none")), id -> Mono.empty(), CLERK);

    @Test
    void answersAnotherMethodOnTheWebhookWith405AllowingOnlyPost() {
        signedOut.get().uri(ClerkWebhookHandler.PATH).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/method-not-allowed")
                .jsonPath("$.detail").isEqualTo("GET is not supported here; use POST")
                .jsonPath("$.instance").isEqualTo(ClerkWebhookHandler.PATH);
    }

    @Test
    void answersAWriteToTheReadOnlyRoutesWith405AllowingGetAndHead() {
        for (var path : new String[] {CurrentUserHandler.PATH, SignInPageHandler.PATH}) {
            signedOut.post().uri(path).exchange()
                    .expectStatus().isEqualTo(405)
                    .expectHeader().valueEquals("Allow", "GET,HEAD");
        }
    }

    @Test
    void answersHeadOnTheApiLikeGetWithoutABody() {
        client(session(signedIn()), id -> Mono.just(user("Ada Lovelace", "ada@example.com")), CLERK)
                .head().uri(CurrentUserHandler.PATH).exchange()
                .expectStatus().isOk()
                .expectBody().isEmpty();
    }

    @Test
    void namesTheRequestedPathAsTheProblemsInstance() {
        signedOut.get().uri(CurrentUserHandler.PATH).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.instance").isEqualTo(CurrentUserHandler.PATH);
    }

    @Test
    void leavesUnknownPathsToTheRestOfTheApplication() {
        signedOut.get().uri("/api/unknown").exchange().expectStatus().isNotFound();
    }
}
