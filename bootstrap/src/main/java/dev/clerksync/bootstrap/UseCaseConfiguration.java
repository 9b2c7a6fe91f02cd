package dev.clerksync.bootstrap;

import dev.clerksync.application.service.AuthenticateRequestService;
import dev.clerksync.application.service.GetCurrentUserService;
import dev.clerksync.application.service.ReceiveWebhookService;
import dev.clerksync.application.service.SyncUserService;
import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import dev.clerksync.domain.port.in.SyncUserUseCase;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.AuthenticateRequestPort;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.LoadUserPort;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import dev.clerksync.domain.port.out.VerifyWebhookSignaturePort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The use cases, built from whichever adapters provide their ports. */
@Configuration(proxyBeanMethods = false)
public class UseCaseConfiguration {

    @Bean
    ReceiveWebhookUseCase receiveWebhookUseCase(
            VerifyWebhookSignaturePort signatures, ParseWebhookEventPort events, ApplyUserChangePort users) {
        return new ReceiveWebhookService(signatures, events, users);
    }

    @Bean
    SyncUserUseCase syncUserUseCase(ApplyUserChangePort users) {
        return new SyncUserService(users);
    }

    @Bean
    AuthenticateRequestUseCase authenticateRequestUseCase(AuthenticateRequestPort sessions) {
        return new AuthenticateRequestService(sessions);
    }

    @Bean
    GetCurrentUserUseCase getCurrentUserUseCase(
            LoadUserPort storedUsers, FetchProviderUserPort providerUsers, ApplyUserChangePort changes) {
        return new GetCurrentUserService(storedUsers, providerUsers, changes);
    }
}
