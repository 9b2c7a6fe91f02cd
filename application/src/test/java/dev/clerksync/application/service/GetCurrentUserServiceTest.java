package dev.clerksync.application.service;

import static dev.clerksync.application.service.Users.deletion;
import static dev.clerksync.application.service.Users.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.in.GetCurrentUserCommand;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class GetCurrentUserServiceTest {

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final Map<ClerkUserId, UserChange.Snapshot> provider = new HashMap<>();
    private final AtomicInteger providerCalls = new AtomicInteger();
    private final FetchProviderUserPort clerk = userId -> {
        providerCalls.incrementAndGet();
        return Mono.justOrEmpty(provider.get(userId));
    };
    private final GetCurrentUserService service = new GetCurrentUserService(users, clerk, users);

    private static GetCurrentUserCommand current(String id) {
        return new GetCurrentUserCommand(new ClerkUserId(id));
    }

    @Test
    void returnsTheSyncedRowWithoutAskingTheProvider() {
        users.apply(snapshot("user_a", "a@example.com", 1), Optional.empty()).block();

        StepVerifier.create(service.currentUser(current("user_a")))
                .assertNext(user -> assertThat(user.email()).contains(new EmailAddress("a@example.com")))
                .verifyComplete();
        assertThat(providerCalls).hasValue(0);
    }

    @Test
    void provisionsAUserWhoseWebhookHasNotLandedYetThroughTheSameRules() {
        provider.put(new ClerkUserId("user_new"), snapshot("user_new", "new@example.com", 5));

        StepVerifier.create(service.currentUser(current("user_new")))
                .assertNext(user -> assertThat(user.email()).contains(new EmailAddress("new@example.com")))
                .verifyComplete();
        assertThat(users.applied()).containsExactly(provider.get(new ClerkUserId("user_new")));
    }

    @Test
    void theLateWebhookThenFindsTheRowAlreadyThere() {
        provider.put(new ClerkUserId("user_new"), snapshot("user_new", "new@example.com", 5));
        service.currentUser(current("user_new")).block();

        var late = users.apply(snapshot("user_new", "new@example.com", 5), Optional.empty()).block();

        assertThat(late.outcome()).isEqualTo(SyncOutcome.UPDATED);
    }

    @Test
    void findsNoOneForATombstone() {
        users.apply(deletion("user_gone", 1), Optional.empty()).block();
        provider.put(new ClerkUserId("user_gone"), snapshot("user_gone", "gone@example.com", 9));

        StepVerifier.create(service.currentUser(current("user_gone"))).verifyComplete();
        assertThat(providerCalls).hasValue(0);
    }

    @Test
    void findsNoOneTheProviderDoesNotKnow() {
        StepVerifier.create(service.currentUser(current("user_unknown"))).verifyComplete();
        assertThat(providerCalls).hasValue(1);
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void givesUpOnASlowProviderWithinItsBudgetBecauseAPersonIsWaiting() {
        var slow = new GetCurrentUserService(users, userId -> Mono.never(), users, Duration.ofMillis(100));

        StepVerifier.create(slow.currentUser(current("user_new")))
                .expectError(IdentityProviderUnavailableException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(users.applied()).isEmpty();
    }

    @Test
    void passesAnUnreachableProviderOn() {
        var down = new GetCurrentUserService(users,
                userId -> Mono.error(new IdentityProviderUnavailableException("connect timed out", null)), users);

        StepVerifier.create(down.currentUser(current("user_new")))
                .expectError(IdentityProviderUnavailableException.class)
                .verify();
    }
}
