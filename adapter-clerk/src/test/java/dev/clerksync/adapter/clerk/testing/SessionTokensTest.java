package dev.clerksync.adapter.clerk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    static final ClerkPublishableKey KEY = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void aDefaultTokenLooksLikeAClerkV2SessionToken() throws Exception {
        var tokens = SessionTokens.generate(KEY, "ins_helper").withClock(Clock.fixed(NOW, ZoneOffset.UTC));

        var jws = JWSObject.parse(tokens.token("user_1", "sess_1").mint());

        assertThat(jws.getHeader().toJSONObject()).containsEntry("alg", "RS256").containsEntry("typ", "JWT")
                .containsEntry("kid", "ins_helper").containsEntry("cat", "cl_B7d4PD111AAA");
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        assertThat(claims).containsEntry("iss", "https://clerk.inspired.puma-74.lcl.dev").containsEntry("sub", "user_1")
                .containsEntry("sid", "sess_1").containsEntry("azp", SessionTokens.DEFAULT_AUTHORIZED_PARTY)
                .containsEntry("iat", NOW.getEpochSecond()).containsEntry("nbf", NOW.getEpochSecond() - 10)
                .containsEntry("exp", NOW.getEpochSecond() + 60).containsEntry("v", 2L);
        assertThat(jws.verify(new RSASSAVerifier(tokens.publicKey()))).isTrue();
    }

    @Test
    void theJwksJsonHoldsOnlyThePublicKeyWithItsKid() throws Exception {
        var tokens = SessionTokens.generate(KEY, "ins_helper");

        var set = JWKSet.parse(tokens.jwksJson());

        assertThat(set.getKeys()).hasSize(1);
        assertThat(set.getKeys().getFirst().getKeyID()).isEqualTo("ins_helper");
        assertThat(set.getKeys().getFirst().isPrivate()).isFalse();
        assertThat(((RSAKey) set.getKeys().getFirst()).toRSAPublicKey()).isEqualTo(tokens.publicKey());
        assertThat(tokens.jwksJson()).doesNotContain("\"d\"");
        assertThat(JWKSet.parse(SessionTokens.jwksJsonOf(tokens, SessionTokens.generate(KEY))).getKeys()).hasSize(2);
    }

    @Test
    void thePemIsTheDashboardsBeginPublicKeyFormat() {
        var tokens = SessionTokens.generate(KEY);

        assertThat(tokens.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\nMIIB").endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void theVectorsKeyPairSignsTokensTheFixturePublicKeyVerifies() throws Exception {
        var tokens = SessionTokens.fromVectors();
        var vectors = ClerkFixtures.tree(ClerkFixtures.SESSION_JWT_VECTORS);

        assertThat(tokens.kid()).isEqualTo(vectors.required("kid").stringValue());
        assertThat(tokens.publishableKey().value()).isEqualTo(vectors.required("publishableKeyTest").stringValue());
        assertThat(tokens.publicKeyPem().replace("\n", ""))
                .isEqualTo(vectors.required("publicKeyPem").stringValue().replace("\n", "") );
        assertThat(JWSObject.parse(tokens.token("user_1", "sess_1").mint()).verify(new RSASSAVerifier(tokens.publicKey()))).isTrue();
    }

    @Test
    void theStandInServesTheJwksToTheSecretKeyOnlyAndCountsRequests() throws Exception {
        var tokens = SessionTokens.generate(KEY);
        try (var clerk = JwksStandIn.start(tokens.jwksJson()); var http = HttpClient.newHttpClient()) {
            URI jwks = URI.create(clerk.apiUrl() + "/v1/jwks");

            var refused = http.send(HttpRequest.newBuilder(jwks).build(), HttpResponse.BodyHandlers.ofString());
            var served = http.send(HttpRequest.newBuilder(jwks).header("Authorization", "Bearer " + JwksStandIn.TEST_SECRET_KEY)
                    .header("Clerk-API-Version", "2026-05-12").build(), HttpResponse.BodyHandlers.ofString());
            clerk.failWith(500);
            var failed = http.send(HttpRequest.newBuilder(jwks).header("Authorization", "Bearer " + JwksStandIn.TEST_SECRET_KEY)
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(clerk.apiUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("clerk_key_invalid");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(tokens.jwksJson());
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(clerk.requests()).isEqualTo(3);
            assertThat(clerk.lastRequestHeader("Clerk-API-Version")).isEmpty();
        }
    }

    @Test
    void theStandInCanAnswerSlowly() throws Exception {
        var tokens = SessionTokens.generate(KEY);
        try (var clerk = JwksStandIn.start(tokens.jwksJson()); var http = HttpClient.newHttpClient()) {
            clerk.delayAnswersBy(Duration.ofMillis(300));
            long started = System.nanoTime();

            var response = http.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/v1/jwks"))
                    .header("Authorization", "Bearer " + JwksStandIn.TEST_SECRET_KEY).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }
}
