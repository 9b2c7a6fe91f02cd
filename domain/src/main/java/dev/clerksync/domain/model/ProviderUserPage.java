package dev.clerksync.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One page of the identity provider's user list, in the provider's order.
 *
 * @param number   1 for the first page
 * @param users    the entries that read as snapshots
 * @param unusable the entries that did not (see {@link UnusableProviderUser})
 */
public record ProviderUserPage(int number, List<UserChange.Snapshot> users, List<UnusableProviderUser> unusable) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the number is below 1
     * @throws NullPointerException     if a list is null
     */
    public ProviderUserPage {
        if (number < 1) {
            throw new IllegalArgumentException("page number must be at least 1, was " + number);
        }
        users = List.copyOf(Objects.requireNonNull(users, "users must not be null"));
        unusable = List.copyOf(Objects.requireNonNull(unusable, "unusable must not be null"));
    }

    /** {@return how many entries the provider listed on this page, usable or not} */
    public int size() {
        return users.size() + unusable.size();
    }

    /** {@return the ids of every listed entry that has one, usable or not: users the provider still has} */
    public Stream<ClerkUserId> listedUserIds() {
        return Stream.concat(
                users.stream().map(UserChange.Snapshot::userId),
                unusable.stream().flatMap(entry -> entry.userId().stream()));
    }
}
