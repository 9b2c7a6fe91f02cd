package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapter;
import dev.clerksync.adapter.clerk.session.ClerkSessionSettings;
import dev.clerksync.adapter.clerk.session.MissingClerkSessionKeyException;
import dev.clerksync.adapter.web.SignInPageSettings;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.port.out.AuthenticateRequestPort;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import dev.clerksync.domain.port.out.VerifyWebhookSignaturePort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;

/**
 * The Clerk adapter, configured from the guide's variable names. A malformed value stops startup
 * with a message naming the variable; a missing one does not (a first local run needs no Clerk
 * account), but is reported once, plainly, with what stays unavailable until it is set.
 */
@Configuration(proxyBeanMethods = false)
public class ClerkConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClerkConfiguration.class);

    @Bean
    ClerkSettings clerkSettings(Environment environment) {
        var settings = new ClerkSettings(
                setting(environment, ClerkSettings.WEBHOOK_SIGNING_SECRET),
                setting(environment, ClerkSettings.PUBLISHABLE_KEY).map(ClerkConfiguration::publishableKey),
                setting(environment, ClerkSettings.SECRET_KEY));
        reportMissing(settings);
        return settings;
    }

    @Bean
    VerifyWebhookSignaturePort webhookSignatureVerifier(ClerkSettings settings) {
        try {
            return SvixWebhookVerificationAdapter.fromSetting(settings.webhookSigningSecret());
        } catch (InvalidClerkSettingException e) {
            throw InvalidSettingException.of(e.setting(), e);
        }
    }

    @Bean
    ParseWebhookEventPort webhookEventParser() {
        return new ClerkWebhookEventParserAdapter();
    }

    /**
     * Session verification as Clerk's {@code clerkMiddleware()} does it. Without a publishable key
     * (or without any key to check tokens with) every visitor is signed out and the page says
     * sign-in is not configured; the startup report names what is missing.
     */
    @Bean
    AuthenticateRequestPort requestAuthenticator(ClerkSettings settings, Environment environment,
            ObjectProvider<MeterRegistry> meters) {
        if (settings.publishableKey().isEmpty()) {
            return request -> Mono.just(new SessionState.SignedOut("clerk-not-configured"));
        }
        try {
            return ClerkRequestAuthenticationAdapter.create(
                    ClerkSessionSettings.builderFromSettings(name -> setting(environment, name)).build(),
                    new SessionMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)));
        } catch (MissingClerkSessionKeyException e) {
            LOG.warn("Sessions cannot be verified: {}. Every visitor is treated as signed out.", e.getMessage());
            return request -> Mono.just(new SessionState.SignedOut("clerk-keys-not-configured"));
        } catch (InvalidClerkSettingException e) {
            throw InvalidSettingException.of(e.setting(), e);
        }
    }

    @Bean
    SignInPageSettings signInPageSettings(ClerkSettings settings) {
        return settings.publishableKey()
                .map(key -> new SignInPageSettings(Optional.of(key.value()), Optional.of(key.frontendApiHost())))
                .orElseGet(SignInPageSettings::notConfigured);
    }

    private static ClerkPublishableKey publishableKey(String value) {
        try {
            return ClerkPublishableKey.parse(value);
        } catch (InvalidClerkSettingException e) {
            throw InvalidSettingException.of(e.setting(), e);
        }
    }

    private static Optional<String> setting(Environment environment, String name) {
        return Optional.ofNullable(environment.getProperty(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void reportMissing(ClerkSettings settings) {
        var missing = new ArrayList<String>();
        if (settings.webhookSigningSecret().isEmpty()) {
            missing.add(ClerkSettings.WEBHOOK_SIGNING_SECRET + " (POST /api/webhooks/clerk answers 503 until it is set)");
        }
        if (settings.publishableKey().isEmpty()) {
            missing.add(ClerkSettings.PUBLISHABLE_KEY + " (needed for Clerk sign-in)");
        }
        if (settings.secretKey().isEmpty()) {
            missing.add(ClerkSettings.SECRET_KEY + " (needed to call Clerk's Backend API)");
        }
        if (!missing.isEmpty()) {
            LOG.warn("Clerk is not fully configured; missing: {}. Set them in the environment or in .env.",
                    String.join("; ", missing));
        }
    }
}
