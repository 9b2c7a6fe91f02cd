package dev.clerksync.adapter.clerk.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkUserJsonMapper;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.RecordedRequest;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.StandInAnswer;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.ProviderUserPage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ClerkBackendApiAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ClerkBackendApiStandIn clerk = ClerkBackendApiStandIn.start();
    private final List<ClerkBackendApiAdapter> adapters = new ArrayList<>();

    @AfterEach
    void stop() {
        adapters.forEach(ClerkBackendApiAdapter::close);
        clerk.close();
    }

    /** Quick retries, so that tests of failures take well under a second. */
    private ClerkBackendApiSettings settings() {
        return ClerkBackendApiSettings.fromSettings(Optional.of(clerk.apiUrl()), Optional.of(ClerkBackendApiStandIn.SECRET_KEY))
                .withRetries(4, Duration.ofMillis(50), Duration.ofMillis(200))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private ClerkBackendApiAdapter adapter(ClerkBackendApiSettings settings) {
        var adapter = ClerkBackendApiAdapter.create(settings);
        adapters.add(adapter);
        return adapter;
    }

    private ClerkBackendApiAdapter adapter() {
        return adapter(settings());
    }

    private static List<ProviderUserPage> pages(ClerkBackendApiAdapter adapter) {
        return adapter.listUsers().collectList().block(WAIT);
    }

    private static List<String> listedIds(List<ProviderUserPage> pages) {
        return pages.stream().flatMap(ProviderUserPage::listedUserIds).map(ClerkUserId::value).toList();
    }

    @Nested
    class Listing {

        @Test
        void walksEveryPageWithTheLastIdOfThePreviousPageAsCursorAndStopsOnAShortPage() {
            var ids = clerk.addUsers(1_200);

            var pages = pages(adapter());

            assertThat(pages).extracting(ProviderUserPage::size).containsExactly(500, 500, 200);
            assertThat(listedIds(pages)).as("newest first, each once").isEqualTo(ids.reversed());
            var requests = clerk.requests();
            assertThat(requests).hasSize(3).allSatisfy(request -> {
                assertThat(request.path()).isEqualTo("/v1/users");
                assertThat(request.query()).containsEntry("limit", "500").containsEntry("order_by", "-created_at");
                assertThat(request.status()).isEqualTo(200);
            });
            assertThat(requests.get(0).query()).doesNotContainKey("starting_after");
            assertThat(requests.get(1).query()).containsEntry("starting_after", ids.get(700));
            assertThat(requests.get(2).query()).containsEntry("starting_after", ids.get(200));
        }

        @Test
        void aListThatFillsItsLastPageExactlyEndsWithAnEmptyPage() {
            clerk.addUsers(4);

            var pages = pages(adapter(settings().withPageSize(2)));

            assertThat(pages).extracting(ProviderUserPage::size).containsExactly(2, 2, 0);
            assertThat(pages).extracting(ProviderUserPage::number).containsExactly(1, 2, 3);
        }

        @Test
        void mapsEachListedUserExactlyAsAWebhookWould() {
            clerk.addUser("user_ada", "ada@example.com", Instant.parse("2025-02-01T00:00:00Z"),
                    Instant.parse("2025-02-03T00:00:00Z"));

            var snapshot = pages(adapter()).getFirst().users().getFirst();

            assertThat(snapshot).isEqualTo(ClerkUserJsonMapper.toSnapshot(clerk.userJson("user_ada").orElseThrow()));
            assertThat(snapshot.profile().email()).contains(new EmailAddress("ada@example.com"));
            assertThat(snapshot.profile().updatedAt()).isEqualTo(Instant.parse("2025-02-03T00:00:00Z"));
        }

        @Test
        void keepsAUserItCannotReadAsUnusableWithItsIdInsteadOfFailingTheWalk() {
            clerk.addUsers(2);
            var broken = ClerkBackendApiStandIn.user("user_broken", "b@example.com", Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-01T00:00:00Z"));
            broken.remove("updated_at");
            clerk.putUser(broken);

            var page = pages(adapter()).getFirst();

            assertThat(page.users()).hasSize(2);
            assertThat(page.unusable()).singleElement().satisfies(unusable -> {
                assertThat(unusable.userId()).contains(new ClerkUserId("user_broken"));
                assertThat(unusable.reason()).contains("updated_at");
            });
        }

        @Test
        void changesDuringTheWalkNeverListAUserTwiceAndShowOnLaterPages() {
            var ids = clerk.addUsers(6);
            clerk.whileServingPage(1, standIn -> {
                standIn.addUsers(1);                                    // newest: sorts before the cursor
                standIn.deleteUser(ids.get(0));                         // oldest: on the last page
                standIn.updateUser(ids.get(2), "changed@example.com", Instant.parse("2026-05-01T00:00:00Z"));
            });

            var pages = pages(adapter(settings().withPageSize(2)));

            var listed = listedIds(pages);
            assertThat(listed).doesNotHaveDuplicates()
                    .containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1));
            var changed = pages.stream().flatMap(page -> page.users().stream())
                    .filter(user -> user.userId().value().equals(ids.get(2))).findFirst().orElseThrow();
            assertThat(changed.profile().email()).contains(new EmailAddress("changed@example.com"));
        }

        @Test
        void fetchesTheNextPageOnlyAsPagesAreAskedFor() {
            clerk.addUsers(10);
            var adapter = adapter(settings().withPageSize(2));

            StepVerifier.create(adapter.listUsers(), 1)
                    .expectNextCount(1)
                    .then(() -> sleep(Duration.ofMillis(300)))
                    .then(() -> assertThat(clerk.requests()).as("the first page and at most one ahead").hasSizeLessThanOrEqualTo(2))
                    .thenCancel()
                    .verify(WAIT);
        }
    }

    @Nested
    class Lookup {

        @Test
        void readsOneUser() {
            clerk.addUser("user_ada", "ada@example.com", Instant.parse("2025-02-01T00:00:00Z"),
                    Instant.parse("2025-02-03T00:00:00Z"));

            var snapshot = adapter().fetch(new ClerkUserId("user_ada")).block(WAIT);

            assertThat(snapshot).isEqualTo(ClerkUserJsonMapper.toSnapshot(clerk.userJson("user_ada").orElseThrow()));
            assertThat(clerk.requests()).extracting(RecordedRequest::path).containsExactly("/v1/users/user_ada");
        }

        @Test
        void isEmptyForAUserClerkDoesNotKnow() {
            StepVerifier.create(adapter().fetch(new ClerkUserId("user_unknown"))).expectComplete().verify(WAIT);

            assertThat(clerk.requests()).extracting(RecordedRequest::status).containsExactly(404);
        }

        @Test
        void encodesTheIdAsOnePathSegment() {
            StepVerifier.create(adapter().fetch(new ClerkUserId("user_a/b c"))).expectComplete().verify(WAIT);

            assertThat(clerk.requests()).extracting(RecordedRequest::path).containsExactly("/v1/users/user_a%2Fb%20c");
        }
    }

    @Nested
    class Failures {

        @Test
        void aRefusedSecretKeyFailsAtOnceWithAClearMessage() {
            clerk.acceptSecretKey("sk_test_another_key");

            StepVerifier.create(adapter().listUsers())
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderCredentialsException.class)
                            .hasMessage("CLERK_SECRET_KEY was refused by Clerk (401)"))
                    .verify(WAIT);
            assertThat(clerk.requests()).as("not retried").hasSize(1);
        }

        @Test
        void aMissingSecretKeySendsNothingAndSaysWhatIsMissing() {
            var adapter = adapter(ClerkBackendApiSettings.fromSettings(Optional.of(clerk.apiUrl()), Optional.empty()));

            StepVerifier.create(adapter.fetch(new ClerkUserId("user_a")))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderCredentialsException.class)
                            .hasMessageStartingWith("CLERK_SECRET_KEY is not set"))
                    .verify(WAIT);
            assertThat(clerk.requests()).isEmpty();
        }

        @Test
        void retriesServerErrorsWithGrowingDelays() {
            clerk.addUsers(3);
            clerk.respondNext(2, request -> true, StandInAnswer.status(503));
            var adapter = adapter();

            assertThat(listedIds(pages(adapter))).hasSize(3);

            var requests = clerk.requests();
            assertThat(requests).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
            // 50 ms then 100 ms, each ±50 %.
            assertThat(requests.get(1).arrivedAfter().minus(requests.get(0).arrivedAfter())).isGreaterThanOrEqualTo(Duration.ofMillis(25));
            assertThat(requests.get(2).arrivedAfter().minus(requests.get(1).arrivedAfter())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            assertThat(adapter.statistics()).isEqualTo(new BackendApiStatistics(3, 0, 2));
        }

        @Test
        void givesUpWhenClerkKeepsFailing() {
            clerk.respondNext(10, request -> true, StandInAnswer.status(500));

            StepVerifier.create(adapter().fetch(new ClerkUserId("user_a")))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderUnavailableException.class)
                            .hasMessageContaining("GET /v1/users/{id} failed 4 times")
                            .hasMessageContaining("status 500 [internal_clerk_error]"))
                    .verify(WAIT);
            assertThat(clerk.requests()).hasSize(4);
        }

        @Test
        void anUnreachableClerkFailsAfterTheRetries() {
            var unreachable = ClerkBackendApiStandIn.start();
            String url = unreachable.apiUrl();
            unreachable.close();
            var adapter = adapter(ClerkBackendApiSettings.fromSettings(Optional.of(url), Optional.of(ClerkBackendApiStandIn.SECRET_KEY))
                    .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(50)));

            StepVerifier.create(adapter.listUsers())
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderUnavailableException.class)
                            .hasMessageStartingWith("Clerk's Backend API at " + url + " could not be used: GET /v1/users failed 3 times")
                            .hasMessageContaining("ConnectException"))
                    .verify(WAIT);
            assertThat(adapter.statistics().requests()).isEqualTo(3);
        }

        @Test
        void aClerkThatDoesNotAnswerInTimeIsAskedAgain() {
            clerk.addUsers(1);
            clerk.respondNext(StandInAnswer.slow(Duration.ofSeconds(20)));
            var adapter = adapter(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

            long start = System.nanoTime();
            assertThat(listedIds(pages(adapter))).hasSize(1);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not waiting for the 20 s answer")
                    .isLessThan(Duration.ofSeconds(6));
            assertThat(clerk.requests()).hasSize(2);
        }

        @Test
        void anUnexpectedAnswerFailsAtOnceNamingTheStatus() {
            clerk.respondNext(StandInAnswer.status(422));

            StepVerifier.create(adapter().listUsers())
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderUnavailableException.class)
                            .hasMessage("Clerk's Backend API answered GET /v1/users with status 422"))
                    .verify(WAIT);
            assertThat(clerk.requests()).hasSize(1);
        }
    }

    @Nested
    class Throttling {

        @Test
        void a429PausesEveryRequestForItsRetryAfterNotJustTheOneThrottled() {
            var ids = clerk.addUsers(20);
            // Lookups stay in flight 600 ms; the first to arrive is throttled at once.
            clerk.latency(Duration.ofMillis(600));
            clerk.respondNext(StandInAnswer.throttled(Duration.ofSeconds(1)));
            var adapter = adapter();

            var found = Flux.fromIterable(ids).flatMap(id -> adapter.fetch(new ClerkUserId(id)), 5)
                    .collectList().block(WAIT);

            assertThat(found).hasSize(20);
            var requests = clerk.requests();
            var throttled = requests.stream().filter(request -> request.status() == 429).toList();
            assertThat(throttled).hasSize(1);
            var at = throttled.getFirst().arrivedAfter();
            var after = requests.stream().filter(request -> request.arrivedAfter().compareTo(at) > 0).toList();
            // The lookups already sent when the 429 came arrive right after it (they were sent together);
            // every later one, the retry and the other lookups alike, waits out the second.
            var soon = Duration.ofMillis(500);
            assertThat(after).filteredOn(request -> request.arrivedAfter().minus(at).compareTo(soon) < 0)
                    .hasSizeLessThanOrEqualTo(4);
            assertThat(after).filteredOn(request -> request.arrivedAfter().minus(at).compareTo(soon) >= 0)
                    .hasSizeGreaterThanOrEqualTo(16)
                    .allSatisfy(request -> assertThat(request.arrivedAfter().minus(at)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
            assertThat(adapter.statistics().throttled()).isEqualTo(1);
        }

        @Test
        void staysWithinTheRateLimitSoAClerkEnforcingItNeverThrottles() {
            // Clerk's 100 per 10 s, scaled down to 10 per second to keep the test short.
            var ids = clerk.addUsers(35);
            clerk.enforceRateLimit(10, Duration.ofSeconds(1));
            var adapter = adapter(settings().withRateLimit(10, Duration.ofSeconds(1)));

            long start = System.nanoTime();
            var found = Flux.fromIterable(ids).flatMap(id -> adapter.fetch(new ClerkUserId(id)), 8)
                    .collectList().block(WAIT);

            assertThat(found).hasSize(35);
            assertThat(clerk.requests()).hasSize(35).allSatisfy(request -> assertThat(request.status()).isEqualTo(200));
            assertThat(clerk.mostRequestsWithin(Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("35 requests at 10 per second")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void waitingForItsTurnDoesNotCountAgainstTheRequestTimeout() {
            var ids = clerk.addUsers(5);
            // A request may take 2 s in all (twice the timeout); the last one waits 3.5 s for its turn.
            var adapter = adapter(settings().withRateLimit(2, Duration.ofMillis(1_500)).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

            var found = Flux.fromIterable(ids).flatMap(id -> adapter.fetch(new ClerkUserId(id)), 5).collectList().block(WAIT);

            assertThat(found).hasSize(5);
            assertThat(adapter.statistics()).as("none timed out while waiting").isEqualTo(new BackendApiStatistics(5, 0, 0));
        }

        @Test
        void recoversFromAClerkWhoseLimitIsStricterThanOurs() {
            var ids = clerk.addUsers(12);
            clerk.enforceRateLimit(4, Duration.ofSeconds(1));
            var adapter = adapter();

            var found = Flux.fromIterable(ids).flatMap(id -> adapter.fetch(new ClerkUserId(id)), 4)
                    .collectList().block(WAIT);

            assertThat(found).hasSize(12);
            assertThat(adapter.statistics().throttled()).isPositive();
            assertThat(clerk.requests(request -> request.status() == 200)).hasSize(12);
        }

        @Test
        void givesUpWhenClerkKeepsThrottling() {
            clerk.respondNext(10, request -> true, StandInAnswer.throttled(Duration.ZERO));
            var adapter = adapter(settings().withThrottling(3, Duration.ofSeconds(5)));

            StepVerifier.create(adapter.fetch(new ClerkUserId("user_a")))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderUnavailableException.class)
                            .hasMessage("Clerk's Backend API kept throttling: GET /v1/users/{id} was answered 429 3 times"))
                    .verify(WAIT);
        }

        @Test
        void failsRatherThanWaitLongerThanItsLongestRetryAfter() {
            clerk.respondNext(StandInAnswer.throttled(Duration.ofMinutes(10)));

            StepVerifier.create(adapter().fetch(new ClerkUserId("user_a")))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IdentityProviderUnavailableException.class)
                            .hasMessageContaining("asked to wait 600 s"))
                    .verify(WAIT);
            assertThat(clerk.requests()).hasSize(1);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
