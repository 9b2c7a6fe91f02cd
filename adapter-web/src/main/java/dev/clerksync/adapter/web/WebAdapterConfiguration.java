package dev.clerksync.adapter.web;

import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The web adapter's beans, imported explicitly by the application (no component scanning). */
@Configuration(proxyBeanMethods = false)
public class WebAdapterConfiguration {

    @Bean
    ClerkWebhookController clerkWebhookController(
            ReceiveWebhookUseCase receiveWebhook,
            @Value("${clerksync.webhook.max-body-size:1MB}") DataSize maxBodySize) {
        return new ClerkWebhookController(receiveWebhook, maxBodySize.toBytes());
    }

    @Bean
    WebhookProblemHandler webhookProblemHandler() {
        return new WebhookProblemHandler();
    }
}
