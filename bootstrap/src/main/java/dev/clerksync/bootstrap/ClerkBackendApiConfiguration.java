package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.backend.ClerkBackendApiAdapter;
import dev.clerksync.adapter.clerk.backend.ClerkBackendApiSettings;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Clerk's Backend API ({@code CLERK_API_URL}, default {@code https://api.clerk.com}, and
 * {@code CLERK_SECRET_KEY}): one adapter, hence one request pacer, for every use of the API in this
 * process, as Clerk's rate limit is per secret key. It serves {@code ListProviderUsersPort} and
 * {@code FetchProviderUserPort}. A malformed value stops startup naming the variable; a missing
 * secret key does not (each call then fails saying so).
 */
@Configuration(proxyBeanMethods = false)
public class ClerkBackendApiConfiguration {

    @Bean
    ClerkBackendApiSettings clerkBackendApiSettings(Environment environment, ClerkSettings clerkSettings) {
        try {
            return ClerkBackendApiSettings.fromSettings(
                    Optional.ofNullable(environment.getProperty(ClerkBackendApiSettings.API_URL_SETTING)),
                    clerkSettings.secretKey());
        } catch (InvalidClerkSettingException e) {
            throw InvalidSettingException.of(e.setting(), e);
        }
    }

    /** Closed with the context: stops its HTTP client. */
    @Bean
    ClerkBackendApiAdapter clerkBackendApiAdapter(ClerkBackendApiSettings settings) {
        return ClerkBackendApiAdapter.create(settings);
    }
}
