package dev.clerksync.adapter.web;

import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.thymeleaf.ITemplateEngine;

/**
 * The web adapter's beans, imported explicitly by the application (no component scanning). It
 * needs the use cases and the sign-in page settings from the application.
 */
@Configuration(proxyBeanMethods = false)
public class WebAdapterConfiguration {

    @Bean
    RouterFunction<ServerResponse> clerkSyncRoutes(
            ClerkWebhookHandler webhook, CurrentUserHandler currentUser, SignInPageHandler signInPage) {
        return WebRoutes.of(webhook, currentUser, signInPage);
    }

    @Bean
    ClerkWebhookHandler clerkWebhookHandler(
            ReceiveWebhookUseCase receiveWebhook,
            @Value("${clerksync.webhook.max-body-size:1MB}") DataSize maxBodySize,
            ObjectProvider<MeterRegistry> meters) {
        // Without a metrics backend (another team's Spring setup) deliveries are still logged.
        return new ClerkWebhookHandler(receiveWebhook, maxBodySize.toBytes(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    SessionWebFilter sessionWebFilter(AuthenticateRequestUseCase authenticate) {
        return new SessionWebFilter(authenticate);
    }

    @Bean
    SecurityHeadersWebFilter securityHeadersWebFilter(SignInPageSettings settings) {
        return new SecurityHeadersWebFilter(settings);
    }

    @Bean
    SignInPageHandler signInPageHandler(GetCurrentUserUseCase currentUser, SignInPageSettings settings) {
        return new SignInPageHandler(currentUser, settings);
    }

    @Bean
    SignInPageWarmUp signInPageWarmUp(ITemplateEngine templates) {
        return new SignInPageWarmUp(templates);
    }

    @Bean
    CurrentUserHandler currentUserHandler(GetCurrentUserUseCase currentUser) {
        return new CurrentUserHandler(currentUser);
    }
}
