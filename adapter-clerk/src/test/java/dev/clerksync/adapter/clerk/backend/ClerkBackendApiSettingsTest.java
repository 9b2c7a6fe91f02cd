package dev.clerksync.adapter.clerk.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkBackendApiSettingsTest {

    private static final String KEY = "sk_test_abcdefghijklmnop0123456789";

    @Test
    void defaultsToClerksApiWithFullPagesWithinTheDevelopmentRateLimit() {
        var settings = ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of(KEY));

        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.clerk.com"));
        assertThat(settings.pageSize()).isEqualTo(500);
        assertThat(settings.requestsPerWindow()).isEqualTo(100);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.secretKey()).contains(KEY);
    }

    @Test
    void takesAnApiUrlWithoutItsTrailingSlash() {
        var settings = ClerkBackendApiSettings.fromSettings(Optional.of(" http://127.0.0.1:9999/ "), Optional.empty());

        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(settings.secretKey()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.clerk.com", "ftp://api.clerk.com", "https://api.clerk.com?x=1", "https://user@api.clerk.com", "https://"})
    void refusesAnApiUrlThatIsNotAnHttpBaseUrl(String value) {
        assertThatThrownBy(() -> ClerkBackendApiSettings.fromSettings(Optional.of(value), Optional.empty()))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_API_URL ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pk_test_abc", "whsec_abc", "sk_test_abc def", "sk_test_\u00e9"})
    void refusesASecretKeyThatCannotBeOneWithoutRepeatingIt(String value) {
        assertThatThrownBy(() -> ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of(value)))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_SECRET_KEY ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
    }

    @Test
    void acceptsAndRefusesTheSameApiUrlsAndSecretKeysAsSessionVerification() {
        // The secret key travels to this URL: plain http only to a loopback stand-in.
        assertThatThrownBy(() -> ClerkBackendApiSettings.fromSettings(Optional.of("http://api.clerk.com"), Optional.empty()))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessage("CLERK_API_URL must use https (http only for localhost)");
        assertThatThrownBy(() -> ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of("sk_prod_abc")))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageStartingWith("CLERK_SECRET_KEY is not a Clerk secret key");
    }

    @Test
    void aBlankSecretKeyIsAMissingOne() {
        assertThat(ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of("  ")).secretKey()).isEmpty();
    }

    @Test
    void neverPrintsTheSecretKey() {
        var settings = ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of(KEY));

        assertThat(settings.toString()).doesNotContain(KEY).contains("secretKey=set");
    }

    @Test
    void refusesAPageSizeClerkDoesNotAllow() {
        var settings = ClerkBackendApiSettings.fromSettings(Optional.empty(), Optional.of(KEY));

        assertThatThrownBy(() -> settings.withPageSize(501)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withPageSize(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
