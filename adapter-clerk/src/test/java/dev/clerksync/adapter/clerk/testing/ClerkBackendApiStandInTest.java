package dev.clerksync.adapter.clerk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.StandInAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClerkBackendApiStandInTest {

    private final ClerkBackendApiStandIn clerk = ClerkBackendApiStandIn.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        clerk.close();
        http.close();
    }

    private HttpResponse<String> get(String pathAndQuery, Optional<String> secretKey) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(clerk.apiUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10));
        secretKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, Optional.of(ClerkBackendApiStandIn.SECRET_KEY));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return ClerkFixtures.JSON.readTree(response.body());
    }

    @Test
    void refusesARequestWithoutTheSecretKeyAsClerkDoes() throws Exception {
        var response = get("/v1/users", Optional.of("sk_test_wrong"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).at("/errors/0/code").stringValue()).isEqualTo("authentication_invalid");
        assertThat(clerk.requests()).singleElement().satisfies(request -> assertThat(request.authorized()).isFalse());
    }

    @Test
    void listsUsersNewestFirstAsABareArrayAfterTheCursor() throws Exception {
        var ids = clerk.addUsers(5);

        var first = json(get("/v1/users?limit=2"));
        var second = json(get("/v1/users?limit=2&starting_after=" + ids.get(3)));

        assertThat(first.isArray()).isTrue();
        assertThat(first).extracting(user -> user.path("id").stringValue()).containsExactly(ids.get(4), ids.get(3));
        assertThat(first.get(0).path("object").stringValue()).isEqualTo("user");
        assertThat(second).extracting(user -> user.path("id").stringValue()).containsExactly(ids.get(2), ids.get(1));
    }

    @Test
    void refusesACursorWithAnOrderingOtherThanCreatedAt() throws Exception {
        var ids = clerk.addUsers(1);

        assertThat(get("/v1/users?order_by=-updated_at&starting_after=" + ids.getFirst()).statusCode()).isEqualTo(422);
        assertThat(get("/v1/users?limit=501").statusCode()).isEqualTo(422);
    }

    @Test
    void answersOneUserOr404() throws Exception {
        clerk.addUsers(1);

        assertThat(json(get("/v1/users/user_standin_000001")).path("email_addresses").get(0).path("email_address").stringValue())
                .isEqualTo("user_standin_000001@example.com");
        assertThat(get("/v1/users/user_nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheJwksItIsGiven() throws Exception {
        clerk.jwks("{\"keys\":[{\"kid\":\"ins_test\",\"kty\":\"RSA\"}]}");

        assertThat(json(get("/v1/jwks")).at("/keys/0/kid").stringValue()).isEqualTo("ins_test");
    }

    @Test
    void givesScriptedAnswersToTheMatchingRequestsOnly() throws Exception {
        clerk.addUsers(1);
        clerk.respondNext(request -> request.isUserLookup(), StandInAnswer.throttled(Duration.ofMillis(1_500)));

        assertThat(get("/v1/users").statusCode()).isEqualTo(200);
        var throttled = get("/v1/users/user_standin_000001");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("2");
        assertThat(get("/v1/users/user_standin_000001").statusCode()).isEqualTo(200);
    }

    @Test
    void throttlesBeyondAnEnforcedRateLimit() throws Exception {
        clerk.enforceRateLimit(2, Duration.ofMinutes(1));

        assertThat(get("/v1/jwks").statusCode()).isEqualTo(200);
        assertThat(get("/v1/jwks").statusCode()).isEqualTo(200);
        var third = get("/v1/jwks");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(59, 60));
    }

    @Test
    void countsTheMostRequestsWithinAWindow() throws Exception {
        for (int i = 0; i < 3; i++) {
            get("/v1/jwks");
        }

        assertThat(clerk.mostRequestsWithin(Duration.ofMinutes(1))).isEqualTo(3);
        assertThat(clerk.mostRequestsWithin(Duration.ofNanos(1))).isEqualTo(1);
    }
}
