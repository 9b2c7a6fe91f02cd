package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkPublishableKey.InstanceType;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ClerkPublishableKeyTest {

    static final JsonNode VECTORS = ClerkFixtures.tree(ClerkFixtures.PUBLISHABLE_KEY_VECTORS);

    static Stream<JsonNode> parseValid() {
        return VECTORS.required("parseValid").valueStream();
    }

    static Stream<JsonNode> parseInvalid() {
        return VECTORS.required("parseInvalid").valueStream();
    }

    static Stream<JsonNode> cookieSuffix() {
        return VECTORS.required("cookieSuffix").valueStream();
    }

    @ParameterizedTest
    @MethodSource("parseValid")
    void readsTheInstanceTypeAndFrontendApiHostOfEveryValidVector(JsonNode vector) {
        var key = ClerkPublishableKey.parse(vector.required("key").stringValue());

        assertThat(key.instanceType())
                .isEqualTo(InstanceType.valueOf(vector.required("instanceType").stringValue().toUpperCase()));
        assertThat(key.frontendApiHost()).isEqualTo(vector.required("frontendApi").stringValue());
        assertThat(key.issuer()).isEqualTo("https://" + vector.required("frontendApi").stringValue());
    }

    @ParameterizedTest
    @MethodSource("parseInvalid")
    void refusesEveryInvalidVectorNamingTheSettingButNotTheKey(JsonNode vector) {
        String key = vector.required("key").stringValue();

        assertThatThrownBy(() -> ClerkPublishableKey.parse(key))
                .as(vector.required("why").stringValue())
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("PUBLIC_CLERK_PUBLISHABLE_KEY ")
                .satisfies(e -> {
                    if (!key.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(key);
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("cookieSuffix")
    void computesClerksCookieSuffixForEveryVector(JsonNode vector) {
        var key = ClerkPublishableKey.parse(vector.required("key").stringValue());

        assertThat(key.cookieSuffix()).isEqualTo(vector.required("suffix").stringValue());
    }

    @Test
    void ignoresWhiteSpaceAroundTheSettingAndKeepsTheKeyItself() {
        var key = ClerkPublishableKey.parse("  pk_test_Y2xlcmsuY2xlcmsuZGV2JA\n");

        assertThat(key.value()).isEqualTo("pk_test_Y2xlcmsuY2xlcmsuZGV2JA");
        assertThat(key.cookieSuffix()).isEqualTo("QvfNY2dr");
        assertThat(key).hasToString("pk_test_Y2xlcmsuY2xlcmsuZGV2JA");
    }

    @Test
    void aLiveKeyBelongsToAProductionInstance() {
        assertThat(ClerkPublishableKey.parse("pk_live_Y2xlcmsuY2xlcmsuZGV2JA").instanceType())
                .isEqualTo(InstanceType.PRODUCTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pk_test_Y2xlcmsuY2xlcmsuZGV2JA_extra",
            "pk_prod_Y2xlcmsuY2xlcmsuZGV2JA",
            "sk_test_Y2xlcmsuY2xlcmsuZGV2JA",
            "pk_test_",
            // base64 of "clerk .dev$": a host cannot hold a space
            "pk_test_Y2xlcmsgLmRldiQ="})
    void refusesKeysClerkWouldNotIssue(String key) {
        assertThatThrownBy(() -> ClerkPublishableKey.parse(key))
                .isInstanceOfSatisfying(InvalidClerkSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("PUBLIC_CLERK_PUBLISHABLE_KEY"));
    }
}
