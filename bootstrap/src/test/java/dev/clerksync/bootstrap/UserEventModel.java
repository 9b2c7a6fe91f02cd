package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Clerk user events a test sends, and the users table they must leave behind: per user, the newest
 * snapshot (by {@code updated_at}), or a tombstone once the user was deleted, whatever the order,
 * duplication or failures of the deliveries.
 */
final class UserEventModel {

    private UserEventModel() {
    }

    enum Kind { CREATED, UPDATED, DELETED }

    /** One event about one user; a deletion carries no profile and no {@code updated_at}, as Clerk's. */
    record UserEvent(String userId, Kind kind, Instant updatedAt, String email, String firstName, String lastName) {

        static UserEvent snapshot(Kind kind, String userId, Instant updatedAt, String email, String firstName, String lastName) {
            return new UserEvent(userId, kind, Objects.requireNonNull(updatedAt), email, firstName, lastName);
        }

        static UserEvent deleted(String userId) {
            return new UserEvent(userId, Kind.DELETED, null, null, null, null);
        }

        String body() {
            return switch (kind) {
                case CREATED, UPDATED -> ClerkFixtures.event(kind == Kind.CREATED ? ClerkFixtures.USER_CREATED : ClerkFixtures.USER_UPDATED)
                        .userId(userId).primaryEmail(email).name(firstName, lastName).updatedAt(updatedAt).toJson();
                case DELETED -> ClerkFixtures.event(ClerkFixtures.USER_DELETED).userId(userId).toJson();
            };
        }
    }

    /** What the table holds about one user, in the terms the model predicts. */
    record Row(String clerkId, String email, String name, Instant updatedAt, boolean tombstone) {
    }

    /** The rows the events must leave: one per user. */
    static Map<String, Row> expectedRows(List<UserEvent> events) {
        Map<String, List<UserEvent>> byUser = events.stream().collect(Collectors.groupingBy(UserEvent::userId));
        var rows = new TreeMap<String, Row>();
        byUser.forEach((userId, history) -> {
            if (history.stream().anyMatch(event -> event.kind() == Kind.DELETED)) {
                rows.put(userId, new Row(userId, null, null, null, true));
            } else {
                var newest = history.stream().max(Comparator.comparing(UserEvent::updatedAt)).orElseThrow();
                rows.put(userId, new Row(userId, newest.email(), newest.firstName() + " " + newest.lastName(),
                        newest.updatedAt(), false));
            }
        });
        return rows;
    }

    /** The whole users table (a tombstone's timestamps are not part of the model). */
    static Map<String, Row> actualRows(Connection connection) throws SQLException {
        var rows = new TreeMap<String, Row>();
        try (var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "select clerk_id, email, name, clerk_updated_at, deleted_at is not null from users")) {
            while (result.next()) {
                boolean tombstone = result.getBoolean(5);
                var updatedAt = result.getObject(4, java.time.OffsetDateTime.class);
                rows.put(result.getString(1), new Row(result.getString(1), result.getString(2), result.getString(3),
                        tombstone || updatedAt == null ? null : updatedAt.toInstant(), tombstone));
            }
        }
        return rows;
    }

    /** The svix-ids the service recorded as processed. */
    static Set<String> processedDeliveryIds(Connection connection) throws SQLException {
        var ids = new java.util.HashSet<String>();
        try (var statement = connection.createStatement();
                var result = statement.executeQuery("select delivery_id from processed_webhook_deliveries")) {
            while (result.next()) {
                ids.add(result.getString(1));
            }
        }
        return ids;
    }

    /** How many answers had each outcome. */
    static Map<String, Long> countOutcomes(List<WebhookSender.Answer> answers) {
        var counts = new HashMap<String, Long>();
        answers.forEach(answer -> counts.merge(answer.outcome().orElse("status " + answer.status()), 1L, Long::sum));
        return counts;
    }
}
