package dev.clerksync.adapter.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.method;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The service's routes as functions rather than annotated controllers. Three fixed paths need no
 * handler-method lookup, annotation scanning or argument resolution; without that machinery the JIT
 * has less to compile while the service warms up (its largest compilation, WebFlux's handler-method
 * lookup, is gone) and the service's peak memory was 15 MB lower (README, "Performance"). A known
 * path asked with another method is answered 405 with Allow; anything else falls through to static
 * files and then 404.
 */
public final class WebRoutes {

    private WebRoutes() {
    }

    public static RouterFunction<ServerResponse> of(
            ClerkWebhookHandler webhook, CurrentUserHandler currentUser, SignInPageHandler signInPage) {
        var readable = method(HttpMethod.GET).or(method(HttpMethod.HEAD));
        return RouterFunctions.route()
                .route(path(ClerkWebhookHandler.PATH).and(method(HttpMethod.POST)), webhook::receive)
                .route(path(CurrentUserHandler.PATH).and(readable), currentUser::currentUser)
                .route(path(SignInPageHandler.PATH).and(readable), signInPage::page)
                .route(path(ClerkWebhookHandler.PATH),
                        request -> ProblemResponses.methodNotAllowed(request, HttpMethod.POST))
                .route(path(CurrentUserHandler.PATH).or(path(SignInPageHandler.PATH)),
                        request -> ProblemResponses.methodNotAllowed(request, HttpMethod.GET, HttpMethod.HEAD))
                .build();
    }
}
