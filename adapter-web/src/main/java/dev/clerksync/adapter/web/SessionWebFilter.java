package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import dev.clerksync.domain.port.in.AuthenticateRequestCommand;
import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The guide's {@code clerkMiddleware()}: every request gets its session state. A page load whose
 * session must be refreshed is answered with the identity provider's handshake redirect (307, not
 * cached); API calls and other requests never redirect, the provider's rules make them signed out.
 * The webhook route stays public (the sender has no session); static files, health probes and metric
 * scrapes need none.
 */
public class SessionWebFilter implements WebFilter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWebFilter.class);
    /** Actuator's base path: health and metrics, served on the management port. */
    private static final String ACTUATOR = "/actuator/";
    private static final Set<String> PUBLIC_FILES = Set.of("/clerksync.js", "/clerksync.css", "/favicon.ico");

    private final AuthenticateRequestUseCase authenticate;

    public SessionWebFilter(AuthenticateRequestUseCase authenticate) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate must not be null");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        // The management port's probes and scrapes pass through this filter too: they have no session.
        if (path.startsWith("/api/webhooks/") || path.startsWith(ACTUATOR) || PUBLIC_FILES.contains(path)) {
            return chain.filter(exchange);
        }
        return authenticate.authenticate(new AuthenticateRequestCommand(request(exchange)))
                .map(SessionLookup::of)
                .onErrorResume(SessionVerificationUnavailableException.class, e -> {
                    LOG.warn("session could not be verified: {}", e.getMessage());
                    return Mono.just(SessionLookup.unavailable());
                })
                .flatMap(lookup -> {
                    if (lookup.state().orElse(null) instanceof SessionState.Handshake handshake) {
                        return redirect(exchange, handshake);
                    }
                    exchange.getAttributes().put(SessionLookup.ATTRIBUTE, lookup);
                    return chain.filter(exchange);
                });
    }

    private static AuthenticationRequest request(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var headers = new LinkedHashMap<String, List<String>>();
        request.getHeaders().forEach(headers::put);
        return new AuthenticationRequest(request.getMethod().name(), request.getURI(), headers);
    }

    private static Mono<Void> redirect(ServerWebExchange exchange, SessionState.Handshake handshake) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TEMPORARY_REDIRECT);
        response.getHeaders().setLocation(handshake.location());
        response.getHeaders().setCacheControl("no-store");
        handshake.setCookies().forEach(cookie -> response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie));
        return response.setComplete();
    }
}
