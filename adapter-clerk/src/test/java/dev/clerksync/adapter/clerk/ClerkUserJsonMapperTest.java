package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.InvalidUserDataException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ClerkUserJsonMapperTest {

    /** A bare User object, as the Backend API's GET /v1/users/{id} returns it. */
    static ObjectNode user(String fixture) {
        return (ObjectNode) ClerkFixtures.tree(fixture).required("data");
    }

    @Test
    void mapsABareUserObjectAsTheBackendApiReturnsIt() {
        var snapshot = ClerkUserJsonMapper.toSnapshot(user(ClerkFixtures.USER_UPDATED));

        assertThat(snapshot.userId().value()).isEqualTo("user_2hCa3WqLrT8sVn6yPb1dXk4mZeQ");
        assertThat(snapshot.profile().email()).contains(new EmailAddress("ada@analytical-engine.example"));
        assertThat(snapshot.profile().name()).contains("Ada King");
        assertThat(snapshot.profile().createdAt()).isEqualTo(Instant.ofEpochMilli(1716883200000L));
        assertThat(snapshot.profile().updatedAt()).isEqualTo(Instant.ofEpochMilli(1716969600000L));
    }

    @Test
    void neverFallsBackToTheFirstEmailWhenThePrimaryIdMatchesNone() {
        ObjectNode user = user(ClerkFixtures.USER_CREATED);
        user.put("primary_email_address_id", "idn_unknown");

        assertThat(ClerkUserJsonMapper.toSnapshot(user).profile().email()).isEmpty();
    }

    @Test
    void treatsAPrimaryAddressWithoutTextAsNoEmail() {
        ObjectNode user = user(ClerkFixtures.USER_CREATED);
        ((ObjectNode) user.required("email_addresses").get(0)).putNull("email_address");
        ObjectNode blank = user(ClerkFixtures.USER_CREATED);
        ((ObjectNode) blank.required("email_addresses").get(0)).put("email_address", "  ");

        assertThat(ClerkUserJsonMapper.toSnapshot(user).profile().email()).isEmpty();
        assertThat(ClerkUserJsonMapper.toSnapshot(blank).profile().email()).isEmpty();
    }

    @Test
    void ignoresEmailAddressesThatAreNotAList() {
        ObjectNode user = user(ClerkFixtures.USER_CREATED);
        user.putObject("email_addresses").putObject("idn_2hCa3Yt0a9PqVvRkD0q5uGm1xYz")
                .put("id", "idn_2hCa3Yt0a9PqVvRkD0q5uGm1xYz").put("email_address", "ada.lovelace@example.com");

        assertThat(ClerkUserJsonMapper.toSnapshot(user).profile().email()).isEmpty();
    }

    @Test
    void joinsWhicheverNamePartIsPresent() {
        ObjectNode firstOnly = user(ClerkFixtures.USER_CREATED).put("last_name", " ");
        ObjectNode lastOnly = user(ClerkFixtures.USER_CREATED).putNull("first_name");

        assertThat(ClerkUserJsonMapper.toSnapshot(firstOnly).profile().name()).contains("Ada");
        assertThat(ClerkUserJsonMapper.toSnapshot(lastOnly).profile().name()).contains("Lovelace");
    }

    @Test
    void treatsNamesOfAnotherJsonTypeAsAbsent() {
        ObjectNode user = user(ClerkFixtures.USER_CREATED).put("first_name", 7);
        user.putObject("last_name");

        assertThat(ClerkUserJsonMapper.toSnapshot(user).profile().name()).isEmpty();
    }

    @Test
    void refusesSomethingThatIsNotAnObject() {
        JsonNode array = ClerkFixtures.tree(ClerkFixtures.USER_CREATED).required("data").required("email_addresses");

        assertThatThrownBy(() -> ClerkUserJsonMapper.toSnapshot(array))
                .isInstanceOf(InvalidUserDataException.class)
                .hasMessage("user is not a JSON object");
    }

    @Test
    void refusesAUserWithoutIdOrUpdatedAt() {
        ObjectNode noId = user(ClerkFixtures.USER_CREATED);
        noId.remove("id");
        ObjectNode noUpdatedAt = user(ClerkFixtures.USER_CREATED);
        noUpdatedAt.remove("updated_at");

        assertThatThrownBy(() -> ClerkUserJsonMapper.toSnapshot(noId))
                .isInstanceOf(InvalidUserDataException.class).hasMessage("user has no id");
        assertThatThrownBy(() -> ClerkUserJsonMapper.toSnapshot(noUpdatedAt))
                .isInstanceOf(InvalidUserDataException.class).hasMessageStartingWith("user has no updated_at");
    }
}
