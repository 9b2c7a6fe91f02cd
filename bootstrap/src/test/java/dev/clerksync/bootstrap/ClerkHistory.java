package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.ClerkEventBody;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import org.quicktheories.impl.Constraint;

/**
 * A history of one Clerk instance, made by simulating Clerk as a sequential world: users are
 * created (with a free address, or phone-only), edit their profile, change their primary address
 * to a free one (possibly one another user just gave up) or drop it, and are deleted. At any
 * instant an address belongs to at most one user, as in Clerk. Each operation emits the event
 * Clerk would send, a full snapshot of the user (or the deleted object), dated by a global clock
 * that gives every event its own {@code updated_at}.
 *
 * <p>Users and addresses are numbers here; a test run maps them to ids and addresses of its own
 * ({@link Names}), so runs on one database never see each other's rows.
 *
 * @param events the events in Clerk's order
 * @param finalState each user's last state: what the users table must hold once every event arrived
 */
record ClerkHistory(List<Event> events, Map<Integer, UserState> finalState) {

    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");

    /** Few addresses for many users, so that addresses move between users often. */
    static final int ADDRESSES = 4;

    private static final List<Optional<String>> FIRST_NAMES =
            List.of(Optional.of("Ada"), Optional.of("Grace"), Optional.empty(), Optional.of("Ł\u00f3d\u017a"));
    private static final List<Optional<String>> LAST_NAMES =
            List.of(Optional.of("Lovelace"), Optional.empty(), Optional.of("Hopper"));
    private static final List<Optional<String>> USERNAMES =
            List.of(Optional.empty(), Optional.of("ada"), Optional.of("amazing_grace"));
    private static final List<Optional<String>> IMAGES =
            List.of(Optional.of("https://img.clerk.com/a.png"), Optional.empty(), Optional.of("https://img.clerk.com/b.png"));

    /** A user as Clerk holds it. */
    record UserState(
            int user, Optional<Integer> address, Optional<String> firstName, Optional<String> lastName,
            Optional<String> username, Optional<String> imageUrl, Instant createdAt, Instant updatedAt,
            Optional<Instant> deletedAt) {

        UserState withProfile(int first, int last, int username, int image, Instant at) {
            return new UserState(user, address, FIRST_NAMES.get(first), LAST_NAMES.get(last), USERNAMES.get(username),
                    IMAGES.get(image), createdAt, at, deletedAt);
        }

        UserState withAddress(Optional<Integer> newAddress, Instant at) {
            return new UserState(user, newAddress, firstName, lastName, username, imageUrl, createdAt, at, deletedAt);
        }

        UserState deleted(Instant at) {
            return new UserState(user, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), createdAt, updatedAt, Optional.of(at));
        }

        boolean isDeleted() {
            return deletedAt.isPresent();
        }

        @Override
        public String toString() {
            if (isDeleted()) {
                return "u" + user + " deleted";
            }
            return "u" + user + " " + address.map(a -> "e" + a).orElse("no-email") + " "
                    + firstName.orElse("-") + "/" + lastName.orElse("-") + " @" + username.orElse("-") + " "
                    + imageUrl.map(url -> url.substring(url.lastIndexOf('/') + 1)).orElse("-");
        }
    }

    /** One event Clerk sends: {@code user.created}/{@code user.updated} with the user's state, or {@code user.deleted}. */
    record Event(int sequence, String type, UserState user, Instant at) {

        String body(Names names) {
            if (type.equals("user.deleted")) {
                return ClerkFixtures.event(ClerkFixtures.USER_DELETED)
                        .userId(names.userId(user.user())).timestamp(at).toJson();
            }
            ClerkEventBody body = ClerkFixtures.event(
                            type.equals("user.created") ? ClerkFixtures.USER_CREATED : ClerkFixtures.USER_UPDATED)
                    .userId(names.userId(user.user()))
                    .timestamp(at)
                    .createdAt(user.createdAt())
                    .updatedAt(user.updatedAt())
                    .name(user.firstName().orElse(null), user.lastName().orElse(null))
                    .username(user.username().orElse(null))
                    .set("/data/image_url", user.imageUrl().orElse(null));
            if (user.address().isPresent()) {
                // Clerk lists only the user's own addresses: drop the fixture's second one.
                body.noEmail().primaryEmail(names.address(user.address().get()));
            } else {
                body.noEmail();
            }
            return body.toJson();
        }

        @Override
        public String toString() {
            return "#" + sequence + " " + type + " " + user;
        }
    }

    /** Maps a history's user and address numbers to the ids and addresses of one run. */
    record Names(String run) {
        String userId(int user) {
            return "user_" + run + "_" + user;
        }

        String address(int address) {
            return "e" + address + "." + run + "@model.example.com";
        }
    }

    /** One operation on the simulated Clerk, as raw choices that any list of them makes sense. */
    record Operation(int kind, int who, int what, int which) {
    }

    /** Histories of 1 to {@code maxOperations} operations; they shrink by dropping and simplifying operations. */
    static Gen<ClerkHistory> histories(int maxOperations) {
        Gen<Operation> operation = in -> new Operation(
                (int) in.next(Constraint.between(0, 9)),
                (int) in.next(Constraint.between(0, 15)),
                (int) in.next(Constraint.between(0, 15)),
                (int) in.next(Constraint.between(0, 15)));
        return SourceDSL.lists().of(operation).ofSizeBetween(1, maxOperations).map(ClerkHistory::simulate);
    }

    /**
     * Runs the operations on a sequential Clerk. Kinds: 0-2 create a user, 3-4 edit a profile, 5-7
     * change the primary address, 8-9 delete; an operation that needs a live user creates one when
     * there is none.
     */
    static ClerkHistory simulate(List<Operation> operations) {
        Map<Integer, UserState> users = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        for (Operation operation : operations) {
            List<Integer> live = users.values().stream().filter(u -> !u.isDeleted()).map(UserState::user).toList();
            int kind = live.isEmpty() ? 0 : operation.kind();
            Instant at = EPOCH.plusSeconds(events.size() + 1L);
            int sequence = events.size() + 1;
            if (kind <= 2) {
                int user = users.size();
                Optional<Integer> address = operation.what() % 4 == 0 ? Optional.empty() : freeAddress(users, operation.which());
                var created = new UserState(user, address, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), at, at, Optional.empty())
                        .withProfile(operation.who() % FIRST_NAMES.size(), operation.what() % LAST_NAMES.size(),
                                operation.which() % USERNAMES.size(), operation.who() % IMAGES.size(), at);
                users.put(user, created);
                events.add(new Event(sequence, "user.created", created, at));
                continue;
            }
            int user = live.get(operation.who() % live.size());
            UserState current = users.get(user);
            UserState next;
            String type = "user.updated";
            if (kind <= 4) {
                next = current.withProfile(operation.what() % FIRST_NAMES.size(), operation.which() % LAST_NAMES.size(),
                        operation.what() % USERNAMES.size(), operation.which() % IMAGES.size(), at);
            } else if (kind <= 7) {
                // With every address taken the user keeps its own, as Clerk would refuse the change.
                next = current.withAddress(operation.what() % 5 == 0
                        ? Optional.empty()
                        : freeAddress(users, operation.which()).or(current::address), at);
            } else {
                next = current.deleted(at);
                type = "user.deleted";
            }
            users.put(user, next);
            events.add(new Event(sequence, type, next, at));
        }
        return new ClerkHistory(List.copyOf(events), Map.copyOf(users));
    }

    /** An address no live user holds (possibly one just given up), or none when all are taken. */
    private static Optional<Integer> freeAddress(Map<Integer, UserState> users, int choice) {
        var free = new TreeSet<Integer>();
        for (int address = 0; address < ADDRESSES; address++) {
            free.add(address);
        }
        users.values().forEach(user -> user.address().ifPresent(free::remove));
        if (free.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(free).get(choice % free.size()));
    }

    @Override
    public String toString() {
        return events.size() + " events:\n  " + events.stream().map(Event::toString).collect(Collectors.joining("\n  "))
                + "\n  final: " + finalState.values().stream().map(UserState::toString).collect(Collectors.joining("; "));
    }
}
