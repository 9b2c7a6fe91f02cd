package dev.clerksync.adapter.clerk.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapter;
import dev.clerksync.adapter.clerk.session.ClerkSessionSettings;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use the Clerk adapter in your own service", compiled and run: only the domain and
 * Clerk adapter modules are on this module's classpath, and no Spring at all.
 */
class UseTheClerkAdapterWithoutSpringTest {

    /** What a service's own configuration would hold (here: test values). */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET,
            "PUBLIC_CLERK_PUBLISHABLE_KEY", "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k");

    @Test
    void verifiesAndReadsAClerkWebhook() {
        String rawBody = ClerkFixtures.userCreatedPrimaryNotFirst();
        Map<String, String> headers = SvixTestSigner.withTestSecret().headers(rawBody).asMap();

        // --- README example: webhooks ---
        var signatures = SvixWebhookVerificationAdapter.fromSetting(
                Optional.ofNullable(ENVIRONMENT.get("CLERK_WEBHOOK_SIGNING_SECRET")));
        var events = new ClerkWebhookEventParserAdapter();

        var verified = signatures.verify(new SignedWebhook(rawBody, headers)); // UntrustedWebhookException if forged
        var event = events.parse(verified.body());                             // UnusableWebhookEventException if not an event
        if (event instanceof WebhookEvent.UserChanged changed
                && changed.change() instanceof UserChange.Snapshot user) {
            // user.userId(), user.profile().email() (the primary address), .name(), .updatedAt() ...
            assertThat(user.profile().email()).hasValueSatisfying(email -> assertThat(email.value()).isNotBlank());
        }
        // --- end of example ---

        assertThat(verified.deliveryId().value()).isEqualTo(headers.get("svix-id"));
        assertThat(event).isInstanceOf(WebhookEvent.UserChanged.class);
    }

    @Test
    void authenticatesARequestFromItsSessionToken() {
        var keys = SessionTokens.generate(dev.clerksync.adapter.clerk.ClerkPublishableKey.parse(
                ENVIRONMENT.get("PUBLIC_CLERK_PUBLISHABLE_KEY")), "ins_example");
        Map<String, String> environment = Map.of(
                "PUBLIC_CLERK_PUBLISHABLE_KEY", ENVIRONMENT.get("PUBLIC_CLERK_PUBLISHABLE_KEY"),
                "CLERK_JWT_KEY", keys.publicKeyPem());
        String token = keys.token("user_example", "sess_example").mint();

        // --- README example: sessions ---
        var sessions = ClerkRequestAuthenticationAdapter.create(
                ClerkSessionSettings.builderFromSettings(name -> Optional.ofNullable(environment.get(name))).build());

        SessionState state = sessions.authenticate(new AuthenticationRequest("GET",
                        URI.create("https://app.example.com/api/orders"),
                        Map.of("Authorization", List.of("Bearer " + token))))
                .toFuture().join(); // or compose the Mono in a reactive service
        // --- end of example ---

        assertThat(state).isInstanceOfSatisfying(SessionState.SignedIn.class,
                signedIn -> assertThat(signedIn.userId().value()).isEqualTo("user_example"));
    }

    @Test
    void needsNoSpring() {
        assertThatThrownBy(() -> Class.forName("org.springframework.context.ApplicationContext"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.springframework.core.env.Environment"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
