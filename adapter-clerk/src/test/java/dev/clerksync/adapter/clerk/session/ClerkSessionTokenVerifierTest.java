package dev.clerksync.adapter.clerk.session;

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

import com.nimbusds.jose.JWSAlgorithm;
import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.OrganizationMembership;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verification rules, on tokens minted for the occasion (the fixture vectors are in SessionJwtVectorsTest). */
class ClerkSessionTokenVerifierTest {

    static final ClerkPublishableKey PUBLISHABLE_KEY = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SessionTokens TOKENS = SessionTokens.generate(PUBLISHABLE_KEY, "ins_verifier_test").withClock(CLOCK);
    static final SessionTokens OTHER_KEY = SessionTokens.generate(PUBLISHABLE_KEY, "ins_verifier_test").withClock(CLOCK);

    static SessionTokens.Token token() {
        return TOKENS.token("user_2abc", "sess_2abc");
    }

    static ClerkSessionSettings.Builder settings() {
        return ClerkSessionSettings.builder(PUBLISHABLE_KEY).jwtKey(TOKENS.publicKeyPem()).clock(CLOCK);
    }

    static SessionTokenVerification verify(ClerkSessionSettings.Builder settings, String token) {
        try (var verifier = ClerkSessionTokenVerifier.create(settings.build())) {
            return verifier.verify(token).block(Duration.ofSeconds(5));
        }
    }

    static SessionTokenVerification verify(String token) {
        return verify(settings(), token);
    }

    static Consumer<SessionTokenVerification> rejectedFor(TokenRejectionReason reason) {
        return result -> assertThat(result).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).as(rejected.message()).isEqualTo(reason));
    }

    static SessionClaims verifiedClaims(String token) {
        var result = verify(token);
        assertThat(result).isInstanceOf(Verified.class);
        return ((Verified) result).claims();
    }

    @Test
    void aFreshlyMintedTokenVerifiesWithItsUserAndSession() {
        var claims = verifiedClaims(token().mint());

        assertThat(claims.userId().value()).isEqualTo("user_2abc");
        assertThat(claims.sessionId()).isEqualTo("sess_2abc");
        assertThat(claims.authorizedParty()).contains(SessionTokens.DEFAULT_AUTHORIZED_PARTY);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void expiryUsesClerksComparisonExpiredIffExpIsAtOrBeforeNowMinusSkew() {
        assertThat(verify(token().expiresAt(NOW.minusSeconds(5)).mint())).satisfies(rejectedFor(TOKEN_EXPIRED));
        assertThat(verify(token().expiresAt(NOW.minusSeconds(4)).mint())).isInstanceOf(Verified.class);
        assertThat(verify(settings().clockSkew(Duration.ZERO), token().expiresAt(NOW).mint())).satisfies(rejectedFor(TOKEN_EXPIRED));
        assertThat(verify(settings().clockSkew(Duration.ZERO), token().expiresAt(NOW.plusSeconds(1)).mint())).isInstanceOf(Verified.class);
    }

    @Test
    void notBeforeFailsOnlyWhenNbfIsAfterNowPlusSkew() {
        assertThat(verify(token().notBefore(NOW.plusSeconds(5)).mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().notBefore(NOW.plusSeconds(6)).mint())).satisfies(rejectedFor(TOKEN_NOT_ACTIVE_YET));
        assertThat(verify(settings().clockSkew(Duration.ZERO), token().notBefore(NOW.plusSeconds(1)).mint()))
                .satisfies(rejectedFor(TOKEN_NOT_ACTIVE_YET));
        assertThat(verify(settings().clockSkew(Duration.ZERO), token().notBefore(NOW).mint())).isInstanceOf(Verified.class);
    }

    @Test
    void issuedAtFailsOnlyWhenIatIsAfterNowPlusSkew() {
        assertThat(verify(token().claim("iat", NOW.getEpochSecond() + 5).mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().claim("iat", NOW.getEpochSecond() + 6).mint())).satisfies(rejectedFor(TOKEN_IAT_IN_THE_FUTURE));
    }

    @Test
    void nbfAndIatAreOptionalButExpIsRequired() {
        assertThat(verify(token().withoutClaim("nbf").withoutClaim("iat").mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().withoutClaim("exp").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void aTimeClaimThatIsNotANumberFailsVerification(String claim) {
        assertThat(verify(token().claim(claim, "soon").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
    }

    @Test
    void fractionalSecondsAreTruncatedAsJavaScriptDatesDo() {
        // exp = now - 4.1 s is inside the 5 s skew, but truncated to whole seconds it is now - 5 s: expired, as in Clerk.
        assertThat(verify(token().claim("exp", NOW.getEpochSecond() - 4.1).mint())).satisfies(rejectedFor(TOKEN_EXPIRED));
        assertThat(verify(token().claim("exp", NOW.getEpochSecond() - 3.9).mint())).isInstanceOf(Verified.class);
    }

    @Test
    void theSignatureIsCheckedBeforeAnyClaimSoAForgeryLearnsNothingAboutTheClaims() {
        String forged = OTHER_KEY.token("user_2abc", "sess_2abc")
                .expiresAt(NOW.minusSeconds(3600)).issuer("https://evil.example").withoutClaim("sub").mint();

        assertThat(verify(forged)).satisfies(rejectedFor(TOKEN_INVALID_SIGNATURE));
        assertThat(verify(settings().jwtKey(OTHER_KEY.publicKeyPem()), forged)).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
    }

    @Test
    void aTamperedPayloadFailsOnTheSignature() {
        String[] parts = token().mint().split("\\.");
        String otherPayload = token().authorizedParty("https://evil.example").mint().split("\\.")[1];

        assertThat(verify(parts[0] + "." + otherPayload + "." + parts[2])).satisfies(rejectedFor(TOKEN_INVALID_SIGNATURE));
    }

    @Test
    void theIssuerMustBeThePublishableKeysFrontendApi() {
        assertThat(verify(token().issuer("https://clerk.other-instance.lcl.dev").mint()))
                .satisfies(rejectedFor(TOKEN_INVALID))
                .satisfies(result -> assertThat(((Rejected) result).message()).contains("iss"));
        assertThat(verify(token().issuer("clerk.inspired.puma-74.lcl.dev").mint())).satisfies(rejectedFor(TOKEN_INVALID));
        assertThat(verify(token().issuer("https://clerk.inspired.puma-74.lcl.dev/").mint())).satisfies(rejectedFor(TOKEN_INVALID));
        assertThat(verify(token().withoutClaim("iss").mint())).satisfies(rejectedFor(TOKEN_INVALID));
    }

    @Test
    void subMustBeAUserIdStringAndSidANonBlankString() {
        assertThat(verify(token().withoutClaim("sub").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
        assertThat(verify(token().claim("sub", 42).mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
        assertThat(verify(token().claim("sub", " ").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
        assertThat(verify(token().withoutClaim("sid").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
        assertThat(verify(token().claim("sid", "").mint())).satisfies(rejectedFor(TOKEN_VERIFICATION_FAILED));
    }

    @Test
    void azpIsIgnoredWithoutAuthorizedPartiesAndRequiredAndListedWithThem() {
        var parties = settings().authorizedParties("https://app.example.com, http://localhost:8080");

        assertThat(verify(token().withoutAuthorizedParty().mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().authorizedParty("https://evil.example").mint())).isInstanceOf(Verified.class);
        assertThat(verify(parties, token().authorizedParty("https://app.example.com").mint())).isInstanceOf(Verified.class);
        assertThat(verify(parties, token().mint())).isInstanceOf(Verified.class);
        assertThat(verify(parties, token().withoutAuthorizedParty().mint())).satisfies(rejectedFor(TOKEN_INVALID_AUTHORIZED_PARTIES));
        assertThat(verify(parties, token().authorizedParty("").mint())).satisfies(rejectedFor(TOKEN_INVALID_AUTHORIZED_PARTIES));
        assertThat(verify(parties, token().authorizedParty("https://app.example.com.evil.example").mint()))
                .satisfies(rejectedFor(TOKEN_INVALID_AUTHORIZED_PARTIES));
        assertThat(verify(parties, token().authorizedParty("https://app.example.com/").mint()))
                .satisfies(rejectedFor(TOKEN_INVALID_AUTHORIZED_PARTIES));
    }

    @Test
    void theSessionCategoryTheIgnoreCategoryAndNoCategoryAreSessionTokens() {
        assertThat(verify(token().category(SessionTokens.SESSION_CATEGORY).mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().category("cl_I7d4PD111III").mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().withoutCategory().mint())).isInstanceOf(Verified.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {SessionTokens.JWT_TEMPLATE_CATEGORY, SessionTokens.M2M_CATEGORY, "cl_B7d4PD444AAA", ""})
    void anyOtherCategoryIsNotASessionToken(String category) {
        assertThat(verify(token().category(category).mint())).satisfies(rejectedFor(TOKEN_TYPE_MISMATCH));
    }

    @Test
    void aNonStringCategoryIsNotASessionToken() {
        assertThat(verify(token().header("cat", 111).mint())).satisfies(rejectedFor(TOKEN_TYPE_MISMATCH));
    }

    @Test
    void typMustBeJwtOrAbsent() {
        assertThat(verify(token().withoutHeader("typ").mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().type("at+jwt").mint())).satisfies(rejectedFor(TOKEN_INVALID));
        assertThat(verify(token().type("jwt").mint())).satisfies(rejectedFor(TOKEN_INVALID));
    }

    @Test
    void rs384AndRs512AreAccepted() {
        assertThat(verify(token().algorithm(JWSAlgorithm.RS384).mint())).isInstanceOf(Verified.class);
        assertThat(verify(token().algorithm(JWSAlgorithm.RS512).mint())).isInstanceOf(Verified.class);
    }

    @Test
    void algNoneHs256KeyConfusionAndRsaPssAreRefusedAsAlgorithms() {
        assertThat(verify(token().unsigned().mint())).satisfies(rejectedFor(TOKEN_INVALID_ALGORITHM));
        assertThat(verify(token().hmacWithPublicKeyPem().mint())).satisfies(rejectedFor(TOKEN_INVALID_ALGORITHM));
        assertThat(verify(token().algorithm(JWSAlgorithm.PS256).mint())).satisfies(rejectedFor(TOKEN_INVALID_ALGORITHM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a.b.c.d.e", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
        "eyJhbGciOiJSUzI1NiJ9..c2ln", "e30.e30.c2ln", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.sig nature"})
    void somethingThatIsNotACompactJwsIsInvalid(String token) {
        assertThat(verify(token)).satisfies(rejectedFor(TOKEN_INVALID));
    }

    @Test
    void anOverlongTokenIsInvalidWithoutBeingParsed() {
        String huge = token().claim("padding", "x".repeat(20_000)).mint();

        assertThat(verify(huge)).satisfies(rejectedFor(TOKEN_INVALID));
    }

    @Test
    void theRejectionMessageNeverContainsTheToken() {
        String token = token().expiresAt(NOW.minusSeconds(60)).mint();

        assertThat(((Rejected) verify(token)).message()).doesNotContain(token).contains("expired");
    }

    @Test
    void aPendingSessionVerifiesAndSaysSo() {
        assertThat(verifiedClaims(token().status("pending").mint()).isPending()).isTrue();
        assertThat(verifiedClaims(token().status("active").mint()).isPending()).isFalse();
    }

    @Test
    void v2OrganizationPermissionsFollowTheFeatureBitmasks() {
        var claims = verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of("manage,read,delete"),
                Optional.of("5,0,7"), "o:billing,u:profile,o:reports,o:teams").mint());

        // billing: 5 = 101b -> manage, delete; reports: 0 -> nothing; teams: 7 -> all three. u:profile is a user feature.
        assertThat(claims.organization()).contains(new OrganizationMembership("org_1", "acme", "org:admin",
                List.of("org:billing:manage", "org:billing:delete", "org:teams:manage", "org:teams:read", "org:teams:delete")));
    }

    @Test
    void oddV2PermissionEncodingsGrantLessButNeverBreakTheSession() {
        assertThat(verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of("read"), Optional.empty(),
                "o:dashboard").mint()).organization()).get().extracting(OrganizationMembership::permissions).isEqualTo(List.of());
        assertThat(verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of("read,write"), Optional.of("x1,3"),
                "o:dashboard,o:teams").mint()).organization()).get().extracting(OrganizationMembership::permissions)
                .isEqualTo(List.of("org:teams:read", "org:teams:write"));
        assertThat(verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of("read"), Optional.of("1,1"),
                "nocolon,o:teams").mint()).organization()).get().extracting(OrganizationMembership::permissions)
                .isEqualTo(List.of("org:teams:read"));
        assertThat(verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of("read"), Optional.of("1"),
                "").mint()).organization()).get().extracting(OrganizationMembership::permissions).isEqualTo(List.of());
    }

    @Test
    void aBitmaskWiderThanALongStillDecodes() {
        String per = String.join(",", IntStream.range(0, 70).mapToObj(i -> "p" + i).toList());
        // 2^69 + 1: the first and the seventieth permission.
        String mask = BigInteger.ONE.shiftLeft(69).add(BigInteger.ONE).toString();

        var claims = verifiedClaims(token().organization("org_1", "acme", "admin", Optional.of(per), Optional.of(mask),
                "o:big").mint());

        assertThat(claims.organization().orElseThrow().permissions()).containsExactly("org:big:p0", "org:big:p69");
    }

    @Test
    void aV2OrganizationWithoutIdIsNoOrganizationAndAV2TokenWithoutOIsNone() {
        assertThat(verifiedClaims(token().claim("o", Map.of("slg", "acme")).mint()).organization()).isEmpty();
        assertThat(verifiedClaims(token().mint()).organization()).isEmpty();
        assertThat(verifiedClaims(token().claim("o", "not an object").mint()).organization()).isEmpty();
    }

    @Test
    void v1OrganizationClaimsAreUsedAsTheyAre() {
        var claims = verifiedClaims(token().claim("v", 1).claim("org_id", "org_1").claim("org_slug", "acme")
                .claim("org_role", "org:admin").claim("org_permissions", List.of("org:sys_memberships:manage", 7)).mint());

        assertThat(claims.organization()).contains(new OrganizationMembership("org_1", "acme", "org:admin",
                List.of("org:sys_memberships:manage")));
    }

    @Test
    void v1ClaimsAreIgnoredOnAV2Token() {
        assertThat(verifiedClaims(token().claim("org_id", "org_1").mint()).organization()).isEmpty();
    }
}
