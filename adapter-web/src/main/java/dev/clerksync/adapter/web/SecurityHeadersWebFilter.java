package dev.clerksync.adapter.web;

import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every response. The content security policy allows scripts only from this
 * origin and the Clerk instance's own Frontend API (plus the CAPTCHA Clerk's sign-in may show),
 * following Clerk's CSP guide; nothing may frame the page.
 */
public class SecurityHeadersWebFilter implements WebFilter, Ordered {

    private final String contentSecurityPolicy;

    public SecurityHeadersWebFilter(SignInPageSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        var clerk = settings.frontendApiOrigin().map(origin -> " " + origin).orElse("");
        this.contentSecurityPolicy = String.join("; ",
                "default-src 'self'",
                "script-src 'self'" + clerk + " https://challenges.cloudflare.com",
                "connect-src 'self'" + clerk,
                "img-src 'self' https://img.clerk.com data:",
                // Clerk's components inject their own styles at run time.
                "style-src 'self' 'unsafe-inline'",
                "frame-src https://challenges.cloudflare.com",
                "worker-src 'self' blob:",
                "form-action 'self'",
                "base-uri 'self'",
                "object-src 'none'",
                "frame-ancestors 'none'");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.set(HttpHeaders.VARY, HttpHeaders.COOKIE);
        return chain.filter(exchange);
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }
}
