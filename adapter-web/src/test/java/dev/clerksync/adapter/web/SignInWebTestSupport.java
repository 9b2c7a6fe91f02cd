package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.thymeleaf.spring6.SpringWebFluxTemplateEngine;
import org.thymeleaf.spring6.view.reactive.ThymeleafReactiveViewResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import reactor.core.publisher.Mono;

/** The page and API wired as the application wires them, with stand-in use cases. */
final class SignInWebTestSupport {

    static final SignInPageSettings CLERK = new SignInPageSettings(
            Optional.of("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA"),
            Optional.of("clerk.inspired.puma-74.lcl.dev"));

    static final ClerkUserId ADA = new ClerkUserId("user_ada");

    private SignInWebTestSupport() {
    }

    static StoredUser user(String name, String email) {
        return new StoredUser(ADA, Optional.ofNullable(email).map(EmailAddress::new), Optional.ofNullable(name),
                Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2026-01-02T00:00:00Z")), Optional.empty());
    }

    static AuthenticateRequestUseCase session(SessionState state) {
        return command -> Mono.just(state);
    }

    static AuthenticateRequestUseCase sessionUnverifiable() {
        return command -> Mono.error(new SessionVerificationUnavailableException("JWKS unreachable", null));
    }

    static SessionState signedIn() {
        return new SessionState.SignedIn(ADA, "sess_1", Optional.empty());
    }

    static WebTestClient client(AuthenticateRequestUseCase sessions,
            Function<ClerkUserId, Mono<StoredUser>> users, SignInPageSettings settings) {
        GetCurrentUserUseCase currentUser = command -> users.apply(command.userId());
        return WebTestClient
                .bindToRouterFunction(routes(currentUser, settings))
                .webFilter(new SecurityHeadersWebFilter(settings), new SessionWebFilter(sessions))
                .handlerStrategies(HandlerStrategies.builder().viewResolver(thymeleaf()).build())
                .build();
    }

    /** The application's routes; the webhook's use case is never called by these tests. */
    static RouterFunction<ServerResponse> routes(GetCurrentUserUseCase currentUser, SignInPageSettings settings) {
        ReceiveWebhookUseCase noWebhooks = command -> Mono.error(new AssertionError("no webhook expected"));
        return WebRoutes.of(
                new ClerkWebhookHandler(noWebhooks, ClerkWebhookHandler.DEFAULT_MAX_BODY_BYTES, new SimpleMeterRegistry()),
                new CurrentUserHandler(currentUser),
                new SignInPageHandler(currentUser, settings));
    }

    private static ViewResolver thymeleaf() {
        var templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        var engine = new SpringWebFluxTemplateEngine();
        engine.setTemplateResolver(templates);
        var resolver = new ThymeleafReactiveViewResolver();
        resolver.setTemplateEngine(engine);
        var context = new GenericApplicationContext();
        context.refresh();
        resolver.setApplicationContext(context);
        return resolver;
    }
}
