package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pom excludes every transitive dependency of {@code com.svix:svix} (the API client's OkHttp,
 * Kotlin runtime and Jackson 2), because {@link Webhook} needs nothing but the JDK. These tests run on
 * that reduced classpath, so they prove it.
 */
class SvixWebhookDependenciesTest {

    @ParameterizedTest
    @ValueSource(strings = {"okhttp3.OkHttpClient", "kotlin.Unit", "com.fasterxml.jackson.databind.ObjectMapper"})
    void theSvixClientsDependenciesAreNotOnTheClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void svixWebhookSignsAndVerifiesWithOnlyTheJdk() throws Exception {
        var webhook = new Webhook(SvixTestSigner.TEST_SECRET);
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"type\":\"user.created\"}";
        String signature = webhook.sign("msg_dependencies", now, body);
        Map<String, List<String>> headers = Map.of(
                "svix-id", List.of("msg_dependencies"),
                "svix-timestamp", List.of(Long.toString(now)),
                "svix-signature", List.of(signature));

        assertThat(signature).startsWith("v1,");
        assertThatNoException().isThrownBy(() -> webhook.verify(body, headers));
        assertThatThrownBy(() -> webhook.verify(body + " ", headers))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessage("No matching signature found");
    }
}
