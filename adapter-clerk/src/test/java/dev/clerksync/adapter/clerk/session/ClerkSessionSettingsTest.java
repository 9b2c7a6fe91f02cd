package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkSessionSettingsTest {

    static final ClerkPublishableKey TEST_KEY = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final ClerkPublishableKey LIVE_KEY = ClerkPublishableKey.parse("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final String PEM = ClerkFixtures.tree(ClerkFixtures.SESSION_JWT_VECTORS).required("publicKeyPem").stringValue();
    static final BigInteger MODULUS = ClerkJwtKeyPem.parse(PEM).getModulus();
    static final String SECRET = "sk_test_abcdefghijklmnopqrstuvwxyz0123456789";

    static ClerkSessionSettings.Builder withSecret() {
        return ClerkSessionSettings.builder(TEST_KEY).secretKey(SECRET);
    }

    @Test
    void theDashboardPemWithRealLineBreaksLoads() {
        assertThat(jwtKey(PEM).getModulus()).isEqualTo(MODULUS);
        assertThat(MODULUS.bitLength()).isEqualTo(2048);
    }

    @Test
    void aPemWithCarriageReturnLineFeedsLoads() {
        assertThat(jwtKey(PEM.replace("\n", "\r\n")).getModulus()).isEqualTo(MODULUS);
    }

    @Test
    void aPemWhoseLineBreaksAreLiteralBackslashNEscapesLoads() {
        String escaped = PEM.replace("\n", "\\n");

        assertThat(escaped).doesNotContain("\n");
        assertThat(jwtKey(escaped).getModulus()).isEqualTo(MODULUS);
    }

    @Test
    void theBareSingleLineBase64OfTheKeyLoads() {
        String base64 = PEM.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replace("\n", "");

        assertThat(jwtKey(base64).getModulus()).isEqualTo(MODULUS);
    }

    @Test
    void aPemOnOneLineWithHeaderAndFooterAndSurroundingSpaceLoads() {
        assertThat(jwtKey("  " + PEM.replace("\n", " ") + "\n").getModulus()).isEqualTo(MODULUS);
    }

    @Test
    void aKeyOtherThan2048BitsLoadsTooUnlikeClerksStringSlicing() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        var key = (RSAPublicKey) generator.generateKeyPair().getPublic();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----";

        assertThat(jwtKey(pem).getModulus()).isEqualTo(key.getModulus());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not a key",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqYy3MY8fOneEyzNDu9lp\n",
        "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PUBLIC KEY-----",
        "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAqYy3MY8fOneEyzNDu9lp\n-----END RSA PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMIIB!!\n-----END PUBLIC KEY-----"
    })
    void aMalformedPemIsASettingErrorNamingClerkJwtKeyWithoutRepeatingIt(String pem) {
        assertThatThrownBy(() -> withSecret().jwtKey(pem))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_JWT_KEY ")
                .satisfies(e -> assertThat(((InvalidClerkSettingException) e).setting()).isEqualTo("CLERK_JWT_KEY"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.strip()));
    }

    @Test
    void anRsaKeyOfFewerThan2048BitsIsRefused() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var key = (RSAPublicKey) generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> withSecret().jwtKey(Base64.getEncoder().encodeToString(key.getEncoded())))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageContaining("1024 bits");
    }

    @Test
    void neitherSecretKeyNorJwtKeyIsASettingErrorNamingBoth() {
        assertThatThrownBy(() -> ClerkSessionSettings.builder(TEST_KEY).build())
                .isInstanceOf(MissingClerkSessionKeyException.class)
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_SECRET_KEY or CLERK_JWT_KEY must be set");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThatThrownBy(() -> ClerkSessionSettings.builder(TEST_KEY).secretKey("  ").jwtKey("\n").build())
                .isInstanceOf(MissingClerkSessionKeyException.class);

        var settings = withSecret().apiUrl(" ").authorizedParties("").build();
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.clerk.com"));
        assertThat(settings.authorizedParties()).isEmpty();
    }

    @Test
    void eitherKeyAloneIsEnough() {
        var networkless = ClerkSessionSettings.builder(TEST_KEY).jwtKey(PEM).build();
        var remote = withSecret().build();

        assertThat(networkless.isNetworkless()).isTrue();
        assertThat(networkless.secretKey()).isEmpty();
        assertThat(remote.isNetworkless()).isFalse();
        assertThat(remote.secretKey()).contains(SECRET);
    }

    @Test
    void defaultsAreClerksApiUrlFiveSecondsOfSkewAndShortHttpTimeouts() {
        var settings = withSecret().build();

        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.clerk.com"));
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.httpConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.authorizedParties()).isEmpty();
        assertThat(settings.issuer()).isEqualTo("https://clerk.inspired.puma-74.lcl.dev");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pk_live_", "sk_test_x y", "sk_test_has space", "sk_prod_abc", "Bearer sk_test_abc"})
    void aSecretKeyThatIsNotOneIsRefusedWithoutBeingRepeated(String secret) {
        assertThatThrownBy(() -> ClerkSessionSettings.builder(TEST_KEY).secretKey(secret).build())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_SECRET_KEY ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    @Test
    void aSecretKeyOfAnotherInstanceTypeThanThePublishableKeyIsRefused() {
        assertThatThrownBy(() -> ClerkSessionSettings.builder(LIVE_KEY).secretKey(SECRET).build())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageContaining("CLERK_SECRET_KEY belongs to a development instance but PUBLIC_CLERK_PUBLISHABLE_KEY to a production one")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(ClerkSessionSettings.builder(LIVE_KEY).secretKey("sk_live_abc").build().secretKey()).contains("sk_live_abc");
    }

    @Test
    void toStringNeverShowsTheSecretKey() {
        var settings = withSecret().build();

        assertThat(settings.toString()).doesNotContain(SECRET).contains("secretKey=(set)");
    }

    @Test
    void theApiUrlLosesItsTrailingSlashesAndMayHaveAPath() {
        assertThat(withSecret().apiUrl("https://clerk-proxy.example.com/base//").build().apiUrl())
                .isEqualTo(URI.create("https://clerk-proxy.example.com/base"));
    }

    @Test
    void plainHttpIsOnlyAllowedForLoopbackStandIns() {
        assertThat(withSecret().apiUrl("http://127.0.0.1:8089").build().apiUrl()).hasPort(8089);
        assertThat(withSecret().apiUrl("http://localhost:8089").build().apiUrl()).hasHost("localhost");

        assertThatThrownBy(() -> withSecret().apiUrl("http://api.clerk.com").build())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessage("CLERK_API_URL must use https (http only for localhost)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.clerk.com", "https://", "https://api.clerk.com?x=1", "https://user@api.clerk.com",
        "ftp://api.clerk.com", "https://api clerk.com"})
    void anApiUrlThatIsNotAnHttpsUrlIsRefused(String url) {
        assertThatThrownBy(() -> withSecret().apiUrl(url).build())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_API_URL ");
    }

    @Test
    void authorizedPartiesAreCommaSeparatedTrimmedAndReducedToOriginForm() {
        var settings = withSecret()
                .authorizedParties(" https://App.Example.com , http://localhost:3000,,https://example.com:443, http://example.org:80 ")
                .build();

        assertThat(settings.authorizedParties()).containsExactly(
                "https://app.example.com", "http://localhost:3000", "https://example.com", "http://example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/", "https://example.com/app", "example.com", "*.example.com",
        "https://example.com?x", "ws://example.com", "https://user@example.com"})
    void anAuthorizedPartyThatIsNotAnOriginIsASettingErrorNamingTheVariable(String party) {
        assertThatThrownBy(() -> withSecret().authorizedParties("https://ok.example.com," + party).build())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_AUTHORIZED_PARTIES has an entry that is not an origin")
                .hasMessageContaining(party);
    }

    @Test
    void negativeSkewAndUnboundedTimeoutsAreRefused() {
        assertThatThrownBy(() -> withSecret().clockSkew(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidClerkSettingException.class);
        assertThatThrownBy(() -> withSecret().httpTimeouts(Duration.ZERO, Duration.ofSeconds(1)).build())
                .isInstanceOf(InvalidClerkSettingException.class);
        assertThatThrownBy(() -> withSecret().httpTimeouts(Duration.ofSeconds(1), Duration.ofMinutes(5)).build())
                .isInstanceOf(InvalidClerkSettingException.class);
        assertThat(withSecret().clockSkew(Duration.ZERO).build().clockSkew()).isZero();
    }

    @Test
    void theEnvironmentVariablesFillTheBuilder() {
        Map<String, String> env = Map.of(
                "PUBLIC_CLERK_PUBLISHABLE_KEY", TEST_KEY.value(),
                "CLERK_SECRET_KEY", SECRET,
                "CLERK_JWT_KEY", PEM.replace("\n", "\\n"),
                "CLERK_API_URL", "https://api.clerk.example",
                "CLERK_AUTHORIZED_PARTIES", "https://app.example.com");

        var settings = ClerkSessionSettings.builderFromSettings(name -> Optional.ofNullable(env.get(name))).build();

        assertThat(settings.publishableKey()).isEqualTo(TEST_KEY);
        assertThat(settings.secretKey()).contains(SECRET);
        assertThat(settings.jwtKey()).get().extracting(RSAPublicKey::getModulus).isEqualTo(MODULUS);
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.clerk.example"));
        assertThat(settings.authorizedParties()).isEqualTo(List.of("https://app.example.com"));
    }

    @Test
    void aMissingPublishableKeyIsASettingErrorNamingIt() {
        assertThatThrownBy(() -> ClerkSessionSettings.builderFromSettings(name -> Optional.empty()))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessage("PUBLIC_CLERK_PUBLISHABLE_KEY is not set");
    }

    private static RSAPublicKey jwtKey(String pem) {
        return ClerkSessionSettings.builder(TEST_KEY).jwtKey(pem).build().jwtKey().orElseThrow();
    }
}
