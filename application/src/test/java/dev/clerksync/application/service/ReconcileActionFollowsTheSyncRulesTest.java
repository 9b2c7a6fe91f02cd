package dev.clerksync.application.service;

import static dev.clerksync.application.service.Users.deletion;
import static dev.clerksync.application.service.Users.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.ReconcileAction;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserChange;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dry run predicts with {@link ReconcileAction#decide}; an applied run skips what it predicts
 * unchanged and counts the rest by what the sync rules report. They must agree: for each stored
 * state and change, a predicted {@code UNCHANGED} is a change whose write would leave the row as it
 * is, and any other prediction is what applying the change reports.
 */
class ReconcileActionFollowsTheSyncRulesTest {

    static Stream<Arguments> storedStatesAndChanges() {
        List<List<UserChange>> storedStates = List.of(
                List.of(),
                List.of(snapshot("user_a", "a@example.com", 5)),
                List.of(snapshot("user_a", "a@example.com", 5), deletion("user_a", 6)),
                List.of(deletion("user_a", 6)),
                // user_a's row as old as the change but without its address (withheld earlier)
                List.of(snapshot("user_b", "a@example.com", 9), snapshot("user_a", "a@example.com", 5)));
        List<UserChange> changes = List.of(
                snapshot("user_a", "a@example.com", 4),
                snapshot("user_a", "a@example.com", 5),
                snapshot("user_a", "other@example.com", 5),
                snapshot("user_a", "a@example.com", 6),
                snapshot("user_a", null, 7),
                deletion("user_a", 1),
                deletion("user_a", 10));
        return storedStates.stream().flatMap(state -> changes.stream().map(change -> Arguments.of(state, change)));
    }

    @ParameterizedTest
    @MethodSource("storedStatesAndChanges")
    void theDecisionPredictsWhatApplyingTheChangeDoes(List<UserChange> history, UserChange change) {
        var store = new InMemoryUserStore();
        history.forEach(earlier -> store.apply(earlier, Optional.empty()).block());
        Optional<StoredUser> before = store.load(new ClerkUserId("user_a")).blockOptional();

        var predicted = ReconcileAction.decide(before, change);
        var outcome = store.apply(change, Optional.empty()).block().outcome();
        Optional<StoredUser> after = store.load(new ClerkUserId("user_a")).blockOptional();

        if (predicted == ReconcileAction.UNCHANGED) {
            assertThat(after).as("skipping %s after %s loses nothing", change, history).isEqualTo(before);
        } else {
            assertThat(ReconcileAction.of(outcome)).as("after %s, applying %s", history, change).isEqualTo(predicted);
        }
    }
}
