package dev.clerksync.adapter.web;

import static dev.clerksync.adapter.web.SignInWebTestSupport.CLERK;
import static dev.clerksync.adapter.web.SignInWebTestSupport.client;
import static dev.clerksync.adapter.web.SignInWebTestSupport.session;
import static dev.clerksync.adapter.web.SignInWebTestSupport.signedIn;
import static dev.clerksync.adapter.web.SignInWebTestSupport.user;

import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

class CurrentUserHandlerTest {

    @Test
    void answersASignedInUserWithTheirSyncedRow() {
        client(session(signedIn()), id -> Mono.just(user("Ada Lovelace", "ada@example.com")), CLERK)
                .get().uri("/api/me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.clerkId").isEqualTo("user_ada")
                .jsonPath("$.email").isEqualTo("ada@example.com")
                .jsonPath("$.name").isEqualTo("Ada Lovelace")
                .jsonPath("$.username").isEmpty();
    }

    @Test
    void answersASignedOutVisitorWith401ProblemDetails() {
        client(session(new SessionState.SignedOut("session-token-and-uat-missing")), id -> Mono.empty(), CLERK)
                .get().uri("/api/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectBody().jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/not-signed-in");
    }

    @Test
    void answersADeletedOrUnknownUserWith404() {
        client(session(signedIn()), id -> Mono.empty(), CLERK)
                .get().uri("/api/me").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void answers503NeverA401WhenTheSessionCannotBeVerified() {
        client(SignInWebTestSupport.sessionUnverifiable(), id -> Mono.empty(), CLERK)
                .get().uri("/api/me").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody().jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/session-verification-unavailable");
    }

    @Test
    void answers503WhenClerkOrTheDatabaseIsUnavailableOrRefusesOurKey() {
        for (var failure : new RuntimeException[] {
                new IdentityProviderUnavailableException("connect timed out", null),
                new IdentityProviderCredentialsException("401"),
                new UserStoreUnavailableException("down", null)}) {
            client(session(signedIn()), id -> Mono.error(failure), CLERK)
                    .get().uri("/api/me").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
