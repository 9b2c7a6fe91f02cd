package dev.clerksync.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.port.in.AuthenticateRequestCommand;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AuthenticateRequestServiceTest {

    @Test
    void leavesTheDecisionToTheProvidersSessionRules() {
        var seen = new AtomicReference<AuthenticationRequest>();
        var signedIn = new SessionState.SignedIn(new ClerkUserId("user_1"), "sess_1", Optional.empty());
        var service = new AuthenticateRequestService(request -> {
            seen.set(request);
            return Mono.just(signedIn);
        });
        var request = new AuthenticationRequest("GET", URI.create("http://localhost/"),
                Map.of("Cookie", List.of("__session=t")));

        assertThat(service.authenticate(new AuthenticateRequestCommand(request)).block()).isEqualTo(signedIn);
        assertThat(seen.get().header("cookie")).contains("__session=t");
    }
}
