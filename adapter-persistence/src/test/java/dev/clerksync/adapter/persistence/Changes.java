package dev.clerksync.adapter.persistence;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Test data: users, addresses and changes unique to each test, at times counted in seconds. */
final class Changes {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CREATED_AT = EPOCH.minusSeconds(3600);

    private Changes() {
    }

    static Instant at(long second) {
        return EPOCH.plusSeconds(second);
    }

    static ClerkUserId newUserId() {
        return new ClerkUserId("user_" + UUID.randomUUID().toString().replace("-", ""));
    }

    static String newEmail() {
        return "someone-" + UUID.randomUUID() + "@example.com";
    }

    static Optional<DeliveryId> newDelivery() {
        return Optional.of(new DeliveryId("msg_" + UUID.randomUUID()));
    }

    static UserChange.Snapshot snapshot(ClerkUserId userId, String email, Instant updatedAt) {
        return snapshot(userId, email, "Name at " + updatedAt, updatedAt);
    }

    static UserChange.Snapshot snapshot(ClerkUserId userId, String email, String name, Instant updatedAt) {
        return new UserChange.Snapshot(userId, new UserProfile(
                Optional.ofNullable(email).map(EmailAddress::new),
                Optional.ofNullable(name),
                Optional.of("handle-" + updatedAt.getEpochSecond()),
                Optional.of("https://img.example.com/" + updatedAt.getEpochSecond() + ".png"),
                CREATED_AT,
                updatedAt));
    }

    static UserChange.Deletion deletion(ClerkUserId userId, Instant deletedAt) {
        return new UserChange.Deletion(userId, deletedAt);
    }
}
