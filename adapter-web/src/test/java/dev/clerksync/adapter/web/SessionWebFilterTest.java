package dev.clerksync.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class SessionWebFilterTest {

    private final List<AuthenticationRequest> asked = new ArrayList<>();
    private final AuthenticateRequestUseCase sessions = command -> {
        asked.add(command.request());
        return Mono.just(new SessionState.SignedOut("session-token-and-uat-missing"));
    };
    private final SessionWebFilter filter = new SessionWebFilter(sessions);

    private MockServerWebExchange run(MockServerHttpRequest request) {
        var exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, served -> Mono.empty()).block();
        return exchange;
    }

    @Test
    void handsTheRequestsUrlCookiesAndFetchMetadataToTheSessionRules() {
        var exchange = run(MockServerHttpRequest.get("http://localhost:8080/?a=1")
                .header("Cookie", "__session=abc; __client_uat=1")
                .header("Sec-Fetch-Dest", "document").build());

        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.url().toString()).isEqualTo("http://localhost:8080/?a=1");
            assertThat(request.header("cookie")).contains("__session=abc; __client_uat=1");
            assertThat(request.header("sec-fetch-dest")).contains("document");
        });
        assertThat(SessionLookup.from(exchange).state()).containsInstanceOf(SessionState.SignedOut.class);
    }

    @Test
    void leavesTheWebhookRouteStaticFilesAndTheManagementEndpointsAlone() {
        run(MockServerHttpRequest.post("/api/webhooks/clerk").body("{}"));
        run(MockServerHttpRequest.get("/clerksync.js").build());
        run(MockServerHttpRequest.get("/actuator/prometheus").build());
        run(MockServerHttpRequest.get("/actuator/health/readiness").build());

        assertThat(asked).isEmpty();
    }
}
