package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import dev.clerksync.domain.model.WebhookEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkWebhookEventParserAdapterTest {

    static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
    static final String ADA = "user_2hCa3WqLrT8sVn6yPb1dXk4mZeQ";
    static final String ADA_IMAGE = "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJnb29nbGUtYXZhdGFyIn0";

    final ClerkWebhookEventParserAdapter parser = new ClerkWebhookEventParserAdapter(Clock.fixed(NOW, ZoneOffset.UTC));

    UserChange.Snapshot snapshotOf(String body) {
        var event = parser.parse(body);
        assertThat(event).isInstanceOf(WebhookEvent.UserChanged.class);
        var change = ((WebhookEvent.UserChanged) event).change();
        assertThat(change).isInstanceOf(UserChange.Snapshot.class);
        return (UserChange.Snapshot) change;
    }

    UserProfile profileOf(String body) {
        return snapshotOf(body).profile();
    }

    UserChange.Deletion deletionOf(String body) {
        var event = parser.parse(body);
        assertThat(event).isInstanceOf(WebhookEvent.UserChanged.class);
        var change = ((WebhookEvent.UserChanged) event).change();
        assertThat(change).isInstanceOf(UserChange.Deletion.class);
        return (UserChange.Deletion) change;
    }

    void assertUnusable(String body, String message) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(UnusableWebhookEventException.class)
                .hasMessageContaining(message);
    }

    @Nested
    class Fixtures {

        @Test
        void mapsAnOauthSignUpToASnapshotOfEveryField() {
            var event = parser.parse(ClerkFixtures.userCreated());

            var expected = new UserChange.Snapshot(new ClerkUserId(ADA), new UserProfile(
                    Optional.of(new EmailAddress("ada.lovelace@example.com")),
                    Optional.of("Ada Lovelace"),
                    Optional.empty(),
                    Optional.of(ADA_IMAGE),
                    Instant.ofEpochMilli(1716883200000L),
                    Instant.ofEpochMilli(1716883200000L)));
            assertThat(event).isEqualTo(new WebhookEvent.UserChanged("user.created", expected));
        }

        @Test
        void readsTheCompactBodyClerkSendsLikeThePrettyFile() {
            assertThat(parser.parse(ClerkFixtures.compact(ClerkFixtures.USER_CREATED)))
                    .isEqualTo(parser.parse(ClerkFixtures.userCreated()));
        }

        @Test
        void picksThePrimaryEmailNotTheFirst() {
            var profile = profileOf(ClerkFixtures.userCreatedPrimaryNotFirst());

            assertThat(profile.email()).contains(new EmailAddress("grace.hopper@example.com"));
            assertThat(profile.name()).contains("Grace Hopper");
        }

        @Test
        void aPhoneOnlyUserHasNoEmail() {
            var snapshot = snapshotOf(ClerkFixtures.userCreatedPhoneOnly());

            assertThat(snapshot.userId().value()).isEqualTo("user_2hCcP8qR9sT0uV1wX2yZ3aB4cD5");
            assertThat(snapshot.profile().email()).isEmpty();
        }

        @Test
        void aUserWithoutNamesHasNoNameRatherThanTheTextNull() {
            var profile = profileOf(ClerkFixtures.userCreatedNoName());

            assertThat(profile.name()).isEmpty();
            assertThat(profile.email()).contains(new EmailAddress("no.name.signup@example.net"));
        }

        @Test
        void keepsANonAsciiNameCharacterForCharacter() {
            var profile = profileOf(ClerkFixtures.userCreatedUnicodeName());

            assertThat(profile.name()).contains("Zo\u00eb \u00d1\u00fa\u00f1ez-\u674e");
        }

        @Test
        void anUpdateCarriesTheNewPrimaryEmailNameUsernameAndALaterUpdatedAt() {
            var created = profileOf(ClerkFixtures.userCreated());
            var updated = snapshotOf(ClerkFixtures.userUpdated());

            assertThat(parser.parse(ClerkFixtures.userUpdated()).type()).isEqualTo("user.updated");
            assertThat(updated.userId().value()).isEqualTo(ADA);
            assertThat(updated.profile().email()).contains(new EmailAddress("ada@analytical-engine.example"));
            assertThat(updated.profile().name()).contains("Ada King");
            assertThat(updated.profile().username()).contains("ada");
            assertThat(updated.profile().createdAt()).isEqualTo(created.createdAt());
            assertThat(updated.profile().updatedAt()).isEqualTo(Instant.ofEpochMilli(1716969600000L))
                    .isAfter(created.updatedAt());
        }

        @Test
        void aDeletionIsDatedByTheEnvelopeTimestampInMilliseconds() {
            var event = parser.parse(ClerkFixtures.userDeleted());

            assertThat(event).isEqualTo(new WebhookEvent.UserChanged("user.deleted",
                    new UserChange.Deletion(new ClerkUserId(ADA), Instant.ofEpochMilli(1717056000789L))));
        }

        @Test
        void ignoresASessionEvent() {
            assertThat(parser.parse(ClerkFixtures.sessionCreated())).isEqualTo(new WebhookEvent.Ignored("session.created"));
        }
    }

    @Nested
    class EnvelopeTimestamp {

        String deletedAt(Object timestamp) {
            return ClerkFixtures.event(ClerkFixtures.USER_DELETED).set("/timestamp", timestamp).toJson();
        }

        @Test
        void readsATimestampInSecondsAsTheOpenApiExamplesWriteIt() {
            assertThat(deletionOf(deletedAt(1717056000L)).deletedAt()).isEqualTo(Instant.ofEpochSecond(1717056000L));
        }

        @Test
        void readsValuesBelowOneHundredBillionAsSecondsAndFromThereAsMilliseconds() {
            assertThat(deletionOf(deletedAt(99_999_999_999L)).deletedAt()).isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
            assertThat(deletionOf(deletedAt(100_000_000_000L)).deletedAt()).isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
        }

        @Test
        void datesADeletionWithoutAnEnvelopeTimestampByTheClock() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_DELETED).remove("/timestamp").toJson();

            assertThat(deletionOf(body).deletedAt()).isEqualTo(NOW);
        }

        @Test
        void datesADeletionWithAnUnusableEnvelopeTimestampByTheClock() {
            assertThat(deletionOf(deletedAt("1717056000789")).deletedAt()).isEqualTo(NOW);
            assertThat(deletionOf(deletedAt(1717056000.5)).deletedAt()).isEqualTo(NOW);
            assertThat(deletionOf(deletedAt(0)).deletedAt()).isEqualTo(NOW);
            assertThat(deletionOf(deletedAt(-5)).deletedAt()).isEqualTo(NOW);
            assertThat(deletionOf(deletedAt(null)).deletedAt()).isEqualTo(NOW);
        }

        @Test
        void datesADeletionWhoseEnvelopeTimestampIsBeyondTheYear9999ByTheClockSoTheErasureStillApplies() {
            // Found by fuzzing: Long.MAX_VALUE ms (the year 292,278,994) failed PostgreSQL's statement (a 500).
            assertThat(deletionOf(deletedAt(Long.MAX_VALUE)).deletedAt()).isEqualTo(NOW);
        }

        @Test
        void refusesAUserWhoseUpdatedAtIsBeyondTheYear9999() {
            // Found by fuzzing: such a snapshot failed PostgreSQL's statement (a 500) instead of a 422.
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).set("/data/updated_at", Long.MAX_VALUE).toJson(),
                    "updatedAt is outside the years 1 to 9999");
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).set("/data/created_at", Long.MIN_VALUE).toJson(),
                    "createdAt is outside the years 1 to 9999");
        }

        @Test
        void theDefaultClockIsTheSystemClock() {
            Instant before = Instant.now();
            String body = ClerkFixtures.event(ClerkFixtures.USER_DELETED).remove("/timestamp").toJson();

            var change = (UserChange.Deletion) ((WebhookEvent.UserChanged) new ClerkWebhookEventParserAdapter().parse(body)).change();

            assertThat(change.deletedAt()).isBetween(before, Instant.now());
        }
    }

    @Nested
    class BuiltEvents {

        @Test
        void mapsAnEventBuiltFromAFixtureWithReplacedFields() {
            Instant later = Instant.parse("2026-01-02T03:04:05.678Z");
            String body = ClerkFixtures.event(ClerkFixtures.USER_UPDATED)
                    .userId("user_built")
                    .primaryEmail("built@example.com")
                    .name("Built", null)
                    .username(null)
                    .updatedAt(later)
                    .toJson();

            var snapshot = snapshotOf(body);

            assertThat(snapshot.userId().value()).isEqualTo("user_built");
            assertThat(snapshot.profile().email()).contains(new EmailAddress("built@example.com"));
            assertThat(snapshot.profile().name()).contains("Built");
            assertThat(snapshot.profile().username()).isEmpty();
            assertThat(snapshot.profile().updatedAt()).isEqualTo(later);
        }

        @Test
        void givesAPhoneOnlyUserAnEmailWhenOneIsAddedAndMadePrimary() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED_PHONE_ONLY).primaryEmail("added@example.com").toJson();

            assertThat(profileOf(body).email()).contains(new EmailAddress("added@example.com"));
        }

        @Test
        void takesTheEmailAwayWhenThereIsNoPrimary() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).noEmail().toJson();

            assertThat(profileOf(body).email()).isEmpty();
        }

        @Test
        void usesUpdatedAtWhenCreatedAtIsMissing() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).remove("/data/created_at").toJson();

            assertThat(profileOf(body).createdAt()).isEqualTo(Instant.ofEpochMilli(1716883200000L));
        }

        @Test
        void readsJsonNullOptionalFieldsAsAbsent() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED)
                    .set("/data/image_url", null).set("/data/username", null).toJson();

            var profile = profileOf(body);

            assertThat(profile.imageUrl()).isEmpty();
            assertThat(profile.username()).isEmpty();
        }
    }

    @Nested
    class UnusableBodies {

        @ParameterizedTest
        @ValueSource(strings = {"not json", "{\"type\":\"user.created\"", "{\"type\":\"session.created\"} trailing",
                "{\"type\":'single quoted'}"})
        void refusesABodyThatIsNotValidJson(String body) {
            assertUnusable(body, "body is not valid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   \n"})
        void refusesAnEmptyBody(String body) {
            assertUnusable(body, "body is empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"type\":\"user.created\"}]", "\"user.created\"", "42", "null", "true"})
        void refusesJsonThatIsNotAnObject(String body) {
            assertUnusable(body, "body is not a JSON object");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"type\":null}", "{\"type\":42}", "{\"type\":\"\"}", "{\"type\":\"  \"}",
                "{\"type\":[\"user.created\"]}", "{\"data\":{\"id\":\"user_1\"}}"})
        void refusesAnEventWithoutAType(String body) {
            assertUnusable(body, "event has no type");
        }

        @Test
        void refusesAnEventWhoseTypeIsGivenTwice() {
            assertUnusable("{\"type\":\"session.created\",\"type\":\"user.deleted\",\"data\":{\"id\":\"user_1\"}}",
                    "body is not valid JSON");
        }

        @Test
        void saysWhereTheJsonBreaksButNotWhatItSays() {
            String compact = ClerkFixtures.compact(ClerkFixtures.USER_CREATED);
            String truncated = compact.substring(0, compact.indexOf("ada.lovelace@example.com") + 10);

            assertThatThrownBy(() -> parser.parse(truncated))
                    .isInstanceOf(UnusableWebhookEventException.class)
                    .hasMessageMatching("body is not valid JSON \\(line 1, column \\d+\\)")
                    .hasNoCause();
        }

        @ParameterizedTest
        @ValueSource(strings = {"user.created", "user.updated"})
        void refusesAUserEventWithoutADataObject(String type) {
            assertUnusable("{\"type\":\"" + type + "\"}", type + " event has no data object");
            assertUnusable("{\"type\":\"" + type + "\",\"data\":null}", type + " event has no data object");
            assertUnusable("{\"type\":\"" + type + "\",\"data\":[]}", type + " event has no data object");
            assertUnusable("{\"type\":\"" + type + "\",\"data\":\"user_1\"}", type + " event has no data object");
        }

        @Test
        void refusesAUserEventWithoutDataId() {
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_CREATED).remove("/data/id").toJson(),
                    "user.created event: user has no id");
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).set("/data/id", 42).toJson(),
                    "user.updated event: user has no id");
        }

        @Test
        void refusesAUserEventWithABlankId() {
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(" ").toJson(),
                    "user.created event: user id must not be blank");
        }

        @Test
        void refusesAUserEventWithoutUpdatedAtBecauseItOrdersChanges() {
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).remove("/data/updated_at").toJson(),
                    "user.updated event: user has no updated_at");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"1716969600000\"", "1716969600000.5", "null", "true", "1e400", "123456789012345678901234567890"})
        void refusesAUserEventWhoseUpdatedAtIsNotWholeMilliseconds(String json) {
            // Written as text: some of these (1e400, 30 digits) cannot pass through a Jackson tree unchanged.
            String text = ClerkFixtures.compact(ClerkFixtures.USER_UPDATED)
                    .replace("\"updated_at\":1716969600000", "\"updated_at\":" + json);

            assertThat(text).contains("\"updated_at\":" + json);
            assertUnusable(text, "user.updated event: user has no updated_at");
        }

        @Test
        void refusesAUserDeletionWithoutDataId() {
            assertUnusable("{\"type\":\"user.deleted\",\"timestamp\":1717056000789}", "user.deleted event has no data.id");
            assertUnusable("{\"type\":\"user.deleted\",\"data\":{\"deleted\":true,\"object\":\"user\"}}",
                    "user.deleted event has no data.id");
            assertUnusable("{\"type\":\"user.deleted\",\"data\":{\"id\":null}}", "user.deleted event has no data.id");
        }

        @Test
        void refusesAUserDeletionWithAnIdClerkNeverIssues() {
            assertUnusable("{\"type\":\"user.deleted\",\"data\":{\"id\":\" user_1\"}}",
                    "user.deleted event: user id has leading or trailing white space");
        }

        @Test
        void refusesANulCharacterInAName() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).name("Ada\u0000", "Lovelace").toJson();

            assertThat(body).contains("\\u0000");
            assertUnusable(body, "NUL character");
        }

        @Test
        void refusesANulCharacterInTheEmailAddressOrId() {
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_CREATED).primaryEmail("ada\u0000@example.com").toJson(),
                    "user.created event: email address contains a NUL character");
            assertUnusable(ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId("user_\u0000").toJson(),
                    "user.created event: user id contains a NUL character");
        }

        @Test
        void refusesANulCharacterInAnIgnoredEventType() {
            assertUnusable("{\"type\":\"session.\\u0000\"}", "event type is unusable: event type contains a NUL character");
        }

        @Test
        void unusableMessagesNeverQuoteTheBody() {
            String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).remove("/data/updated_at").toJson();

            assertThatThrownBy(() -> parser.parse(body))
                    .isInstanceOf(UnusableWebhookEventException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("ada.lovelace@example.com")
                            .doesNotContain("Lovelace")
                            .hasSizeLessThan(100));
        }
    }

    @Nested
    class IgnoredTypes {

        @ParameterizedTest
        @ValueSource(strings = {"session.created", "email.created", "organization.created", "User.Created", "user.createdx"})
        void ignoresOtherTypesWhateverTheirData(String type) {
            assertThat(parser.parse("{\"type\":\"" + type + "\",\"data\":{\"id\":\"user_1\"}}"))
                    .isEqualTo(new WebhookEvent.Ignored(type));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"email.created\"}", "{\"type\":\"email.created\",\"data\":null}",
                "{\"type\":\"email.created\",\"data\":\"garbage\"}", "{\"type\":\"email.created\",\"data\":[1,2]}",
                "{\"type\":\"email.created\",\"data\":{\"updated_at\":\"soon\"},\"timestamp\":\"never\"}"})
        void ignoresAnOtherTypeWithMissingOrMalformedData(String body) {
            assertThat(parser.parse(body)).isEqualTo(new WebhookEvent.Ignored("email.created"));
        }
    }
}
