package dev.clerksync.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserProfileTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void joinsGivenAndFamilyNameWithASpace() {
        assertThat(UserProfile.displayName(Optional.of("Ada"), Optional.of("Lovelace"))).contains("Ada Lovelace");
    }

    @Test
    void usesWhicheverNamePartIsPresent() {
        assertThat(UserProfile.displayName(Optional.of("Ada"), Optional.empty())).contains("Ada");
        assertThat(UserProfile.displayName(Optional.empty(), Optional.of("Lovelace"))).contains("Lovelace");
    }

    @Test
    void hasNoNameWhenNeitherPartIsPresentNeverTheTextNull() {
        assertThat(UserProfile.displayName(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(UserProfile.displayName(Optional.of(" "), Optional.of(""))).isEmpty();
    }

    @Test
    void storesBlankOptionalTextAsAbsent() {
        var profile = new UserProfile(Optional.empty(), Optional.of("  "), Optional.of(""), Optional.of("\t"), NOW, NOW);

        assertThat(profile.name()).isEmpty();
        assertThat(profile.username()).isEmpty();
        assertThat(profile.imageUrl()).isEmpty();
    }

    @Test
    void rejectsTextTheDatabaseCannotStore() {
        assertThatThrownBy(() -> new UserProfile(Optional.empty(), Optional.of("Ada\u0000"), Optional.empty(),
                Optional.empty(), NOW, NOW))
                .isInstanceOf(InvalidUserDataException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> new EmailAddress("a\u0000@example.com")).isInstanceOf(InvalidUserDataException.class);
    }

    @Test
    void requiresTheProvidersTimestamps() {
        assertThatThrownBy(() -> new UserProfile(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), NOW, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void acceptsProviderTimestampsFromTheYear1ToTheYear9999AndRejectsOthers() {
        var profile = new UserProfile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                ProviderTimes.EARLIEST, ProviderTimes.LATEST);
        assertThat(profile.updatedAt()).isEqualTo(ProviderTimes.LATEST);

        Instant beyond = Instant.ofEpochMilli(Long.MAX_VALUE);
        assertThatThrownBy(() -> new UserProfile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), NOW, beyond))
                .isInstanceOf(InvalidUserDataException.class)
                .hasMessage("updatedAt is outside the years 1 to 9999");
        assertThatThrownBy(() -> new UserChange.Deletion(new ClerkUserId("user_1"), Instant.ofEpochMilli(Long.MIN_VALUE)))
                .isInstanceOf(InvalidUserDataException.class)
                .hasMessage("deletedAt is outside the years 1 to 9999");
    }
}
