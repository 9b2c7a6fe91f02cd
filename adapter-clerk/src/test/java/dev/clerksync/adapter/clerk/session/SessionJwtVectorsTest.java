package dev.clerksync.adapter.clerk.session;

import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.JWK_KID_MISMATCH;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_EXPIRED;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_IAT_IN_THE_FUTURE;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_INVALID;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_INVALID_ALGORITHM;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_INVALID_AUTHORIZED_PARTIES;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_INVALID_SIGNATURE;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_NOT_ACTIVE_YET;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_TYPE_MISMATCH;
import static dev.clerksync.adapter.clerk.session.TokenRejectionReason.TOKEN_VERIFICATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.JwksStandIn;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.OrganizationMembership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Every token of {@code session-jwt-vectors.json} (Clerk's own fixtures and the derived ones) against
 * its {@code expect} text, at the vectors' fixed "now", with the PEM key and with the JWKS.
 */
class SessionJwtVectorsTest {

    static final JsonNode VECTORS = ClerkFixtures.tree(ClerkFixtures.SESSION_JWT_VECTORS);
    static final Clock FIXED_NOW = Clock.fixed(
            Instant.ofEpochSecond(VECTORS.required("fixedNowEpochSeconds").longValue()), ZoneOffset.UTC);
    static final ClerkPublishableKey PUBLISHABLE_KEY = ClerkPublishableKey.parse(VECTORS.required("publishableKeyTest").stringValue());
    static final String AUTHORIZED_PARTY = VECTORS.required("authorizedParty").stringValue();
    static final String USER = "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr";
    static final String SESSION = "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9";

    /** What each vector gives with default settings (5 s skew, no authorized parties); null = verified. */
    static final Map<String, TokenRejectionReason> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("tokens.valid", null);
        EXPECTED.put("tokens.expired", TOKEN_EXPIRED);
        EXPECTED.put("tokens.invalidSignature", TOKEN_INVALID_SIGNATURE);
        EXPECTED.put("tokens.malformedNoSub", TOKEN_INVALID_SIGNATURE);
        EXPECTED.put("derivedTokens.v2WithOrg", null);
        EXPECTED.put("derivedTokens.v2OrgMissingPerFpm", null);
        EXPECTED.put("derivedTokens.v2PendingSession", null); // verified; pending is the adapter's signed-out
        EXPECTED.put("derivedTokens.noAzp", null);
        EXPECTED.put("derivedTokens.azpNotAllowed", null); // azp is only checked when parties are configured
        EXPECTED.put("derivedTokens.otherIssuer", TOKEN_INVALID);
        EXPECTED.put("derivedTokens.noSub", TOKEN_VERIFICATION_FAILED);
        EXPECTED.put("derivedTokens.iatInFuture", TOKEN_IAT_IN_THE_FUTURE);
        EXPECTED.put("derivedTokens.nbfInFuture", TOKEN_NOT_ACTIVE_YET);
        EXPECTED.put("derivedTokens.expiredWithinSkew", null);
        EXPECTED.put("derivedTokens.jwtTemplateCategory", TOKEN_TYPE_MISMATCH);
        EXPECTED.put("derivedTokens.m2mCategory", TOKEN_TYPE_MISMATCH);
        EXPECTED.put("derivedTokens.typNotJwt", TOKEN_INVALID);
        EXPECTED.put("derivedTokens.algNone", TOKEN_INVALID_ALGORITHM);
        EXPECTED.put("derivedTokens.algHs256KeyConfusion", TOKEN_INVALID_ALGORITHM);
        EXPECTED.put("derivedTokens.unknownKid", null); // with the PEM key; see the JWKS test below
    }

    static JwksStandIn clerk;

    @BeforeAll
    static void startTheJwksStandIn() {
        clerk = JwksStandIn.start(VECTORS.required("jwks").toString());
    }

    @AfterAll
    static void stopTheJwksStandIn() {
        clerk.close();
    }

    static String jwt(String name) {
        String[] path = name.split("\\.");
        return VECTORS.required(path[0]).required(path[1]).required("jwt").stringValue();
    }

    static ClerkSessionSettings.Builder pem() {
        return ClerkSessionSettings.builder(PUBLISHABLE_KEY).jwtKey(VECTORS.required("publicKeyPem").stringValue()).clock(FIXED_NOW);
    }

    static ClerkSessionSettings.Builder jwks() {
        return ClerkSessionSettings.builder(PUBLISHABLE_KEY).secretKey(clerk.secretKey()).apiUrl(clerk.apiUrl().toString())
                .clock(FIXED_NOW);
    }

    static SessionTokenVerification verify(ClerkSessionSettings.Builder settings, String vector) {
        try (var verifier = ClerkSessionTokenVerifier.create(settings.build())) {
            return verifier.verify(jwt(vector)).block(Duration.ofSeconds(10));
        }
    }

    static Stream<Arguments> everyVectorWithEachKeySource() {
        return EXPECTED.keySet().stream()
                .flatMap(name -> Stream.of(Arguments.of(name, "PEM"), Arguments.of(name, "JWKS")))
                .filter(arguments -> !(arguments.get()[0].equals("derivedTokens.unknownKid") && arguments.get()[1].equals("JWKS")));
    }

    @Test
    void everyVectorInTheFileHasAnExpectationHere() {
        Set<String> inFile = new HashSet<>();
        for (String group : List.of("tokens", "derivedTokens")) {
            VECTORS.required(group).propertyNames().forEach(name -> inFile.add(group + "." + name));
        }

        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(inFile);
    }

    @ParameterizedTest(name = "{0} with the {1} key")
    @MethodSource("everyVectorWithEachKeySource")
    void eachVectorGivesItsExpectedResultAtTheFixedNow(String vector, String keySource) {
        var result = verify(keySource.equals("PEM") ? pem() : jwks(), vector);

        TokenRejectionReason expected = EXPECTED.get(vector);
        if (expected == null) {
            assertThat(result).isInstanceOfSatisfying(Verified.class, verified -> {
                assertThat(verified.claims().userId()).isEqualTo(new ClerkUserId(USER));
                assertThat(verified.claims().sessionId()).isEqualTo(SESSION);
            });
        } else {
            assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected ->
                    assertThat(rejected.reason()).as(rejected.message()).isEqualTo(expected));
        }
    }

    @Test
    void theValidTokenCarriesItsClaims() {
        var claims = ((Verified) verify(pem(), "tokens.valid")).claims();

        assertThat(claims.issuer()).isEqualTo("https://clerk.inspired.puma-74.lcl.dev");
        assertThat(claims.authorizedParty()).contains(AUTHORIZED_PARTY);
        assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1666648310));
        assertThat(claims.notBefore()).contains(Instant.ofEpochSecond(1666648240));
        assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(1666648250));
        assertThat(claims.organization()).isEmpty();
        assertThat(claims.isPending()).isFalse();
    }

    @Test
    void theV2OrganizationClaimsDecodeToIdSlugPrefixedRoleAndFeaturePermissions() {
        var claims = ((Verified) verify(pem(), "derivedTokens.v2WithOrg")).claims();

        assertThat(claims.organization()).contains(new OrganizationMembership("org_2GIpXOEpVyJw51rkZn9Korg01", "acme",
                "org:admin", List.of("org:dashboard:manage", "org:dashboard:read", "org:teams:read")));
    }

    @Test
    void aV2OrganizationWithoutPerAndFpmHasNoPermissionsAndNoException() {
        var claims = ((Verified) verify(pem(), "derivedTokens.v2OrgMissingPerFpm")).claims();

        assertThat(claims.organization()).contains(new OrganizationMembership("org_2GIpXOEpVyJw51rkZn9Korg01", "acme",
                "org:member", List.of()));
    }

    @Test
    void thePendingSessionVerifiesButSaysItIsPending() {
        var claims = ((Verified) verify(pem(), "derivedTokens.v2PendingSession")).claims();

        assertThat(claims.sessionStatus()).contains("pending");
        assertThat(claims.isPending()).isTrue();
    }

    @Test
    void aTokenWithoutAzpIsRefusedOnceAuthorizedPartiesAreConfigured() {
        var result = verify(pem().authorizedParties(AUTHORIZED_PARTY), "derivedTokens.noAzp");

        assertThat(result).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(TOKEN_INVALID_AUTHORIZED_PARTIES);
            assertThat(r.message()).contains("azp is missing");
        });
    }

    @Test
    void aTokenForAnotherPartyIsRefusedAndOneForAListedPartyAccepted() {
        assertThat(verify(pem().authorizedParties(AUTHORIZED_PARTY), "derivedTokens.azpNotAllowed"))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(TOKEN_INVALID_AUTHORIZED_PARTIES));
        assertThat(verify(pem().authorizedParties("https://other.example," + AUTHORIZED_PARTY), "tokens.valid"))
                .isInstanceOf(Verified.class);
    }

    @Test
    void expiredWithinSkewIsAcceptedWithFiveSecondsAndRefusedWithNone() {
        assertThat(verify(pem(), "derivedTokens.expiredWithinSkew")).isInstanceOf(Verified.class);
        assertThat(verify(pem().clockSkew(Duration.ZERO), "derivedTokens.expiredWithinSkew"))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(TOKEN_EXPIRED));
    }

    @Test
    void iatInFutureIsAcceptedWithTenSecondsOfSkewAndNbfInFutureWithSix() {
        assertThat(verify(pem().clockSkew(Duration.ofSeconds(10)), "derivedTokens.iatInFuture")).isInstanceOf(Verified.class);
        assertThat(verify(pem().clockSkew(Duration.ofSeconds(6)), "derivedTokens.nbfInFuture")).isInstanceOf(Verified.class);
        assertThat(verify(pem().clockSkew(Duration.ofSeconds(9)), "derivedTokens.iatInFuture"))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(TOKEN_IAT_IN_THE_FUTURE));
    }

    @Test
    void theExpiredVectorIsStillExpiredWithFortyNineSecondsOfSkewButNotFifty() {
        // exp is 50 s before now: expired iff exp <= now - skew.
        assertThat(verify(pem().clockSkew(Duration.ofSeconds(50)), "tokens.expired"))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(TOKEN_EXPIRED));
        // With 51 s the expiry passes and the next check, nbf (10 s after exp), is reached and passes too.
        assertThat(verify(pem().clockSkew(Duration.ofSeconds(51)), "tokens.expired")).isInstanceOf(Verified.class);
    }

    @Test
    void anUnrelatedPemKeyRejectsEveryFixtureTokenOnItsSignature() {
        var unrelated = ClerkSessionSettings.builder(PUBLISHABLE_KEY)
                .jwtKey(VECTORS.required("unrelatedPublicKeyPem").stringValue()).clock(FIXED_NOW);

        for (String vector : List.of("tokens.valid", "derivedTokens.v2WithOrg", "derivedTokens.otherIssuer", "tokens.expired")) {
            assertThat(verify(unrelated, vector)).as(vector)
                    .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(TOKEN_INVALID_SIGNATURE));
        }
    }

    @Test
    void theUnknownKidIsAKidMismatchAfterExactlyOneRefetchOfTheJwks() {
        var clock = new MutableClock(FIXED_NOW.instant());
        try (var verifier = ClerkSessionTokenVerifier.create(jwks().clock(clock).build())) {
            int before = clerk.requests();

            StepVerifier.create(verifier.verify(jwt("tokens.valid"))).expectNextMatches(Verified.class::isInstance).verifyComplete();
            clock.advance(Duration.ofSeconds(30)); // refetches for unknown kids are at most 30 s apart
            for (int attempt = 0; attempt < 3; attempt++) {
                StepVerifier.create(verifier.verify(jwt("derivedTokens.unknownKid")))
                        .assertNext(result -> assertThat(((Rejected) result).reason()).isEqualTo(JWK_KID_MISMATCH))
                        .verifyComplete();
            }

            assertThat(clerk.requests() - before).isEqualTo(2); // the first download, and one refetch for the new kid
        }
    }

    @Test
    void theAlgorithmConfusionTokenIsRefusedBeforeAnyKeyIsFetched() {
        try (var verifier = ClerkSessionTokenVerifier.create(jwks().build())) {
            int before = clerk.requests();

            StepVerifier.create(verifier.verify(jwt("derivedTokens.algHs256KeyConfusion")))
                    .assertNext(result -> assertThat(((Rejected) result).reason()).isEqualTo(TOKEN_INVALID_ALGORITHM))
                    .verifyComplete();
            StepVerifier.create(verifier.verify(jwt("derivedTokens.algNone")))
                    .assertNext(result -> assertThat(((Rejected) result).reason()).isEqualTo(TOKEN_INVALID_ALGORITHM))
                    .verifyComplete();

            assertThat(clerk.requests()).isEqualTo(before);
        }
    }
}
