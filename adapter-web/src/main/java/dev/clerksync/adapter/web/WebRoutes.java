package dev.clerksync.adapter.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.method;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The service's routes as functions rather than annotated controllers: three fixed paths need no
 * annotation scanning, handler-method lookup or argument resolution on every request, which cost
 * about an eighth of the event loops' CPU per delivery and the JIT's largest compilation (README,
 * "Performance"). A known path asked with another method is answered 405 with Allow; anything else
 * falls through to static files and then 404.
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
