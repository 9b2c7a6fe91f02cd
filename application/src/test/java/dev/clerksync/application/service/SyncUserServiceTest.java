package dev.clerksync.application.service;

import static dev.clerksync.application.service.Users.deletion;
import static dev.clerksync.application.service.Users.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.EmailResolution;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.in.SyncUserCommand;
import org.junit.jupiter.api.Test;

class SyncUserServiceTest {

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final SyncUserService service = new SyncUserService(users);

    private SyncResult sync(UserChange change) {
        return service.sync(new SyncUserCommand(change)).block();
    }

    private String emailOf(String id) {
        return users.load(new ClerkUserId(id)).blockOptional().orElseThrow()
                .email().map(EmailAddress::value).orElse(null);
    }

    @Test
    void createsThenUpdatesAUser() {
        assertThat(sync(snapshot("user_a", "a@example.com", 1)).outcome()).isEqualTo(SyncOutcome.CREATED);
        assertThat(sync(snapshot("user_a", "a2@example.com", 2)).outcome()).isEqualTo(SyncOutcome.UPDATED);
        assertThat(emailOf("user_a")).isEqualTo("a2@example.com");
    }

    @Test
    void ignoresAChangeOlderThanWhatIsStored() {
        sync(snapshot("user_a", "new@example.com", 5));

        assertThat(sync(snapshot("user_a", "old@example.com", 4)).outcome()).isEqualTo(SyncOutcome.STALE);
        assertThat(emailOf("user_a")).isEqualTo("new@example.com");
    }

    @Test
    void reappliesAChangeAsNewAsWhatIsStoredSoAReplayCanRepairARow() {
        sync(snapshot("user_a", "a@example.com", 5));

        assertThat(sync(snapshot("user_a", "a@example.com", 5)).outcome()).isEqualTo(SyncOutcome.UPDATED);
    }

    @Test
    void neverBringsADeletedUserBack() {
        sync(snapshot("user_a", "a@example.com", 1));
        assertThat(sync(deletion("user_a", 2)).outcome()).isEqualTo(SyncOutcome.DELETED);

        assertThat(sync(snapshot("user_a", "a@example.com", 99)).outcome()).isEqualTo(SyncOutcome.ALREADY_DELETED);
        var row = users.load(new ClerkUserId("user_a")).block();
        assertThat(row.isDeleted()).isTrue();
        assertThat(row.email()).isEmpty();
        assertThat(row.name()).isEmpty();
    }

    @Test
    void givesAnAddressToTheUserWithTheNewerInformation() {
        sync(snapshot("user_a", "shared@example.com", 1));

        assertThat(sync(snapshot("user_b", "shared@example.com", 2)).email()).isEqualTo(EmailResolution.TAKEN_OVER);
        assertThat(emailOf("user_a")).isNull();
        assertThat(emailOf("user_b")).isEqualTo("shared@example.com");

        assertThat(sync(snapshot("user_c", "shared@example.com", 1)).email()).isEqualTo(EmailResolution.WITHHELD);
        assertThat(emailOf("user_c")).isNull();
        assertThat(emailOf("user_b")).isEqualTo("shared@example.com");
    }
}
