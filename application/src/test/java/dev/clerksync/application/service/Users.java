package dev.clerksync.application.service;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import java.time.Instant;
import java.util.Optional;

/** Test data: users at given points of the provider's clock. */
final class Users {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Users() {
    }

    static UserChange.Snapshot snapshot(String id, String email, int secondsAfterT0) {
        return new UserChange.Snapshot(new ClerkUserId(id), new UserProfile(
                Optional.ofNullable(email).map(EmailAddress::new), Optional.of("Ada Lovelace"),
                Optional.empty(), Optional.empty(), T0, T0.plusSeconds(secondsAfterT0)));
    }

    static UserChange.Deletion deletion(String id, int secondsAfterT0) {
        return new UserChange.Deletion(new ClerkUserId(id), T0.plusSeconds(secondsAfterT0));
    }
}
