package dev.clerksync.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReconcileActionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClerkUserId ADA = new ClerkUserId("user_ada");

    private static UserChange.Snapshot snapshot(String email, int secondsAfterT0) {
        return new UserChange.Snapshot(ADA, new UserProfile(Optional.of(new EmailAddress(email)),
                Optional.of("Ada Lovelace"), Optional.of("ada"), Optional.empty(), T0, T0.plusSeconds(secondsAfterT0)));
    }

    /** The row writing the snapshot stores. */
    private static StoredUser rowOf(UserChange.Snapshot snapshot) {
        var profile = snapshot.profile();
        return new StoredUser(snapshot.userId(), profile.email(), profile.name(), profile.username(),
                profile.imageUrl(), Optional.of(profile.createdAt()), Optional.of(profile.updatedAt()), Optional.empty());
    }

    private static StoredUser tombstone() {
        return new StoredUser(ADA, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(T0), Optional.of(T0), Optional.of(T0.plusSeconds(60)));
    }

    @Test
    void anUnknownUserIsCreated() {
        assertThat(ReconcileAction.decide(Optional.empty(), snapshot("ada@example.com", 1)))
                .isEqualTo(ReconcileAction.CREATE);
    }

    @Test
    void anOlderRowIsUpdated() {
        var stored = rowOf(snapshot("old@example.com", 1));

        assertThat(ReconcileAction.decide(Optional.of(stored), snapshot("new@example.com", 2)))
                .isEqualTo(ReconcileAction.UPDATE);
    }

    @Test
    void aRowNewerThanTheChangeIsLeftUnchanged() {
        var stored = rowOf(snapshot("newer@example.com", 5));

        assertThat(ReconcileAction.decide(Optional.of(stored), snapshot("older@example.com", 4)))
                .isEqualTo(ReconcileAction.UNCHANGED);
    }

    @Test
    void aRowThatAlreadySaysTheSameIsLeftUnchanged() {
        var change = snapshot("ada@example.com", 3);

        assertThat(ReconcileAction.decide(Optional.of(rowOf(change)), change)).isEqualTo(ReconcileAction.UNCHANGED);
    }

    @Test
    void aRowAsOldAsTheChangeButDifferentIsRepairedAsAReplayWouldBe() {
        var change = snapshot("ada@example.com", 3);
        var withheldEmail = new StoredUser(ADA, Optional.empty(), Optional.of("Ada Lovelace"), Optional.of("ada"),
                Optional.empty(), Optional.of(T0), Optional.of(T0.plusSeconds(3)), Optional.empty());

        assertThat(ReconcileAction.decide(Optional.of(withheldEmail), change)).isEqualTo(ReconcileAction.UPDATE);
    }

    @Test
    void aTombstoneIsFinalForSnapshotsAndDeletionsAlike() {
        assertThat(ReconcileAction.decide(Optional.of(tombstone()), snapshot("ada@example.com", 999)))
                .isEqualTo(ReconcileAction.UNCHANGED);
        assertThat(ReconcileAction.decide(Optional.of(tombstone()), new UserChange.Deletion(ADA, T0)))
                .isEqualTo(ReconcileAction.UNCHANGED);
    }

    @Test
    void aDeletionTurnsALiveRowIntoATombstoneWhateverItsTime() {
        var stored = rowOf(snapshot("ada@example.com", 500));

        assertThat(ReconcileAction.decide(Optional.of(stored), new UserChange.Deletion(ADA, T0)))
                .isEqualTo(ReconcileAction.DELETE);
    }

    @Test
    void refusesToCompareARowWithAnotherUsersChange() {
        var other = new StoredUser(new ClerkUserId("user_other"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(T0), Optional.of(T0), Optional.empty());

        assertThatThrownBy(() -> ReconcileAction.decide(Optional.of(other), snapshot("ada@example.com", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(SyncOutcome.class)
    void anAppliedOutcomeCountsAsChangedExactlyWhenItWrote(SyncOutcome outcome) {
        assertThat(ReconcileAction.of(outcome) != ReconcileAction.UNCHANGED).isEqualTo(outcome.wrote());
    }
}
