package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.testing.JwksStandIn;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Downloading, caching and refetching the instance's keys from the Backend API (a local stand-in). */
class RemoteJwksKeysTest {

    static final ClerkPublishableKey PUBLISHABLE_KEY = ClerkPublishableKey.parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA");
    static final SessionTokens KEY_A = SessionTokens.generate(PUBLISHABLE_KEY, "ins_key_a");
    static final SessionTokens KEY_B = SessionTokens.generate(PUBLISHABLE_KEY, "ins_key_b");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    final List<AutoCloseable> toClose = new ArrayList<>();
    JwksStandIn clerk;

    @BeforeEach
    void startClerk() {
        clerk = JwksStandIn.start(KEY_A.jwksJson());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        clerk.close();
    }

    ClerkSessionTokenVerifier verifier() {
        return verifier(clerk, clerk.secretKey(), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    ClerkSessionTokenVerifier verifier(JwksStandIn api, String secretKey, Duration connect, Duration request) {
        var verifier = ClerkSessionTokenVerifier.create(ClerkSessionSettings.builder(PUBLISHABLE_KEY)
                .secretKey(secretKey).apiUrl(api.apiUrl().toString()).clock(clock).httpTimeouts(connect, request).build());
        toClose.add(verifier);
        return verifier;
    }

    String token(SessionTokens key) {
        return key.withClock(clock).token("user_2abc", "sess_2abc").mint();
    }

    static void assertVerified(ClerkSessionTokenVerifier verifier, String token) {
        StepVerifier.create(verifier.verify(token)).expectNextMatches(Verified.class::isInstance).verifyComplete();
    }

    static void assertKidMismatch(ClerkSessionTokenVerifier verifier, String token) {
        StepVerifier.create(verifier.verify(token))
                .assertNext(result -> assertThat(((Rejected) result).reason()).isEqualTo(TokenRejectionReason.JWK_KID_MISMATCH))
                .verifyComplete();
    }

    static void assertUnavailable(ClerkSessionTokenVerifier verifier, String token, String messagePart) {
        StepVerifier.create(verifier.verify(token))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(SessionVerificationUnavailableException.class)
                        .hasMessageContaining(messagePart))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void everyDownloadIsToldToTheObserverWithItsResultAndWhyItHappened() {
        var downloads = new CopyOnWriteArrayList<String>();
        var observer = new ClerkSessionObserver() {
            @Override
            public void keysDownloaded(ClerkSessionObserver.KeyDownloadResult result, ClerkSessionObserver.KeyDownloadTrigger trigger) {
                downloads.add(result.tag() + "/" + trigger.tag());
            }
        };
        var verifier = ClerkSessionTokenVerifier.create(ClerkSessionSettings.builder(PUBLISHABLE_KEY)
                .secretKey(clerk.secretKey()).apiUrl(clerk.apiUrl().toString()).clock(clock).build(), observer);
        toClose.add(verifier);

        assertVerified(verifier, token(KEY_A));                                   // first download
        clerk.serve(SessionTokens.jwksJsonOf(KEY_A, KEY_B));
        clock.advance(Duration.ofSeconds(30));
        assertVerified(verifier, token(KEY_B));                                   // a rotation: unknown kid
        clock.advance(Duration.ofMinutes(5));
        clerk.failWith(500);
        assertVerified(verifier, token(KEY_A));                                   // expired, fails, stale keys serve

        assertThat(downloads).containsExactly("ok/expired", "ok/unknown_kid", "failed/expired");
    }

    @Test
    void theKeysAreDownloadedOnceAndThenServedFromTheCache() {
        var verifier = verifier();

        for (int i = 0; i < 20; i++) {
            assertVerified(verifier, token(KEY_A));
        }

        assertThat(clerk.requests()).isEqualTo(1);
    }

    @Test
    void theDownloadSendsTheSecretKeyAndClerksApiVersion() {
        assertVerified(verifier(), token(KEY_A));

        assertThat(clerk.lastRequestHeader("Authorization")).contains("Bearer " + clerk.secretKey());
        assertThat(clerk.lastRequestHeader("Clerk-API-Version")).contains("2026-05-12");
        assertThat(clerk.lastRequestHeader("Accept")).contains("application/json");
    }

    @Test
    void theCachedKeysExpireAfterFiveMinutes() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(2);
    }

    @Test
    void aNewKidAfterAKeyRotationCostsOneRefetchAndThenVerifies() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        clerk.serve(SessionTokens.jwksJsonOf(KEY_A, KEY_B));
        clock.advance(Duration.ofSeconds(30));

        assertVerified(verifier, token(KEY_B));
        assertVerified(verifier, token(KEY_B));
        assertVerified(verifier, token(KEY_A));

        assertThat(clerk.requests()).isEqualTo(2);
    }

    @Test
    void unknownKidsRefetchAtMostOnceEveryThirtySeconds() {
        var verifier = verifier();
        var unknown = SessionTokens.generate(PUBLISHABLE_KEY, "ins_made_up");
        assertVerified(verifier, token(KEY_A)); // download 1

        for (int i = 0; i < 50; i++) {
            assertKidMismatch(verifier, token(unknown)); // within 30 s of download 1: no refetch
        }
        assertThat(clerk.requests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            assertKidMismatch(verifier, token(unknown));
        }
        assertThat(clerk.requests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(29));
        assertKidMismatch(verifier, token(unknown));
        assertThat(clerk.requests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertKidMismatch(verifier, token(unknown));
        assertThat(clerk.requests()).isEqualTo(3);
        assertVerified(verifier, token(KEY_A)); // the real key was never pushed out
    }

    @Test
    void concurrentRequestsWithAColdCacheOrUnknownKidsShareOneDownload() throws Exception {
        var verifier = verifier();
        var unknown = SessionTokens.generate(PUBLISHABLE_KEY, "ins_made_up");
        clerk.holdAnswers();

        var results = new CopyOnWriteArrayList<SessionTokenVerification>();
        var done = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            verifier.verify(token(i % 2 == 0 ? KEY_A : unknown)).subscribe(results::add, e -> done.countDown(), done::countDown);
        }
        assertThat(clerk.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
        Thread.sleep(100);
        clerk.releaseAnswers();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(results).hasSize(40);
        assertThat(results.stream().filter(Verified.class::isInstance)).hasSize(20);
        assertThat(results.stream().filter(Rejected.class::isInstance).map(r -> ((Rejected) r).reason()))
                .hasSize(20).containsOnly(TokenRejectionReason.JWK_KID_MISMATCH);
        assertThat(clerk.requests()).isEqualTo(1);
    }

    @Test
    void theDownloadNeverRunsOnTheSubscribingThread() throws Exception {
        var verifier = verifier();
        clerk.holdAnswers();
        var emittedOn = new AtomicReference<Thread>();
        var done = new CountDownLatch(1);

        // If subscribing blocked until the download finished, this would not return while answers are held.
        long started = System.nanoTime();
        Disposable subscription = verifier.verify(token(KEY_A)).subscribe(result -> {
            emittedOn.set(Thread.currentThread());
            done.countDown();
        });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(done.getCount()).isEqualTo(1);
        assertThat(clerk.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
        clerk.releaseAnswers();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(emittedOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(subscription.isDisposed()).isTrue();
    }

    @Test
    void aCancelledRequestDoesNotAbortTheDownloadOthersWaitFor() throws Exception {
        var verifier = verifier();
        clerk.holdAnswers();

        Disposable cancelled = verifier.verify(token(KEY_A)).subscribe();
        var other = new AtomicReference<SessionTokenVerification>();
        var done = new CountDownLatch(1);
        verifier.verify(token(KEY_A)).subscribe(result -> {
            other.set(result);
            done.countDown();
        });
        assertThat(clerk.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
        cancelled.dispose();
        clerk.releaseAnswers();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(other.get()).isInstanceOf(Verified.class);
        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(1);
    }

    @Test
    void aRefusedSecretKeyMakesVerificationUnavailableSayingSoWithoutTheKey() {
        String wrongSecret = "sk_test_notTheRightOne0123456789";
        var verifier = verifier(clerk, wrongSecret, Duration.ofSeconds(2), Duration.ofSeconds(3));

        StepVerifier.create(verifier.verify(token(KEY_A)))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(SessionVerificationUnavailableException.class)
                        .hasMessageContaining("refused CLERK_SECRET_KEY (HTTP 401")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongSecret).doesNotContain(clerk.secretKey())))
                .verify(Duration.ofSeconds(10));
        assertThat(clerk.requests()).isEqualTo(1);
    }

    @Test
    void aServerErrorWithoutACachedKeyIsUnavailableNotSignedOut() {
        clerk.failWith(500);

        assertUnavailable(verifier(), token(KEY_A), "HTTP 500");
    }

    @Test
    void aServerErrorAfterExpiryFallsBackToTheCachedKeys() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        clerk.failWith(500);
        clock.advance(Duration.ofMinutes(6));

        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(2);
    }

    @Test
    void aRefusedSecretKeyOrAnEmptyJwksAfterExpiryFallsBackToTheCachedKeysToo() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));

        clerk.serve("{\"keys\":[]}");
        clock.advance(Duration.ofMinutes(6));
        assertVerified(verifier, token(KEY_A));

        clerk.failWith(401);
        clock.advance(Duration.ofSeconds(5));
        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(3);
    }

    @Test
    void cachedKeysStopBeingUsableAnHourAfterTheyExpired() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        clerk.failWith(503);

        clock.advance(Duration.ofMinutes(64));
        assertVerified(verifier, token(KEY_A));
        clock.advance(Duration.ofMinutes(1));
        assertUnavailable(verifier, token(KEY_A), "HTTP 503");
    }

    @Test
    void anUnknownKidWhileTheApiFailsIsUnavailableRatherThanAMismatch() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        clerk.failWith(500);
        clock.advance(Duration.ofSeconds(30));

        assertUnavailable(verifier, token(KEY_B), "HTTP 500");
        assertUnavailable(verifier, token(KEY_B), "HTTP 500"); // rate-limited: no second download, same answer
        assertThat(clerk.requests()).isEqualTo(2);
        assertVerified(verifier, token(KEY_A));
    }

    @Test
    void aFailedDownloadIsNotRetriedForFiveSeconds() {
        var verifier = verifier();
        clerk.failWith(500);
        assertUnavailable(verifier, token(KEY_A), "HTTP 500");
        assertUnavailable(verifier, token(KEY_A), "HTTP 500");
        assertThat(clerk.requests()).isEqualTo(1);

        clerk.recover();
        clock.advance(Duration.ofSeconds(4));
        assertUnavailable(verifier, token(KEY_A), "HTTP 500");
        clock.advance(Duration.ofSeconds(1));
        assertVerified(verifier, token(KEY_A));
        assertThat(clerk.requests()).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsUnavailableWithoutACachedKeyAndServedFromCacheWithOne() {
        clerk.hangUp();
        assertUnavailable(verifier(), token(KEY_A), "could not be reached");

        clerk.recover();
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        clerk.hangUp();
        clock.advance(Duration.ofMinutes(5));
        assertVerified(verifier, token(KEY_A));
    }

    @Test
    void aStoppedApiIsUnavailable() {
        var verifier = verifier();
        clerk.close();

        assertUnavailable(verifier, token(KEY_A), "could not be reached for GET /v1/jwks (ConnectException");
    }

    @Test
    void aJwksWithoutKeysOrWithoutRsaKeysIsUnavailable() {
        clerk.serve("{\"keys\":[]}");
        assertUnavailable(verifier(), token(KEY_A), "contains no usable RSA signing key");

        clerk.serve("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"x\"}]}");
        assertUnavailable(verifier(), token(KEY_A), "contains no usable RSA signing key");

        clerk.serve("<html>not json</html>");
        assertUnavailable(verifier(), token(KEY_A), "not a JWKS");
    }

    @Test
    void anOversizedAnswerIsRefused() {
        clerk.serve("{\"keys\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}");

        assertUnavailable(verifier(), token(KEY_A), "larger than");
    }

    @Test
    void aSlowApiCostsNoMoreThanTheTimeouts() {
        clerk.delayAnswersBy(Duration.ofSeconds(5));
        var verifier = verifier(clerk, clerk.secretKey(), Duration.ofMillis(300), Duration.ofMillis(300));
        long started = System.nanoTime();

        assertUnavailable(verifier, token(KEY_A), "did not answer GET /v1/jwks in time");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aKeyIdTheJwksDeclaresForAnotherAlgorithmIsRefused() {
        var verifier = verifier();
        String rs512 = KEY_A.withClock(clock).token("user_2abc", "sess_2abc").algorithm(JWSAlgorithm.RS512).mint();

        StepVerifier.create(verifier.verify(rs512))
                .assertNext(result -> assertThat(((Rejected) result).reason()).isEqualTo(TokenRejectionReason.TOKEN_INVALID_ALGORITHM))
                .verifyComplete();
    }

    @Test
    void aTokenWithoutKidMatchesNoJwksKeyAndCausesNoDownload() {
        var verifier = verifier();
        String noKid = KEY_A.withClock(clock).token("user_2abc", "sess_2abc").withoutHeader("kid").mint();

        assertKidMismatch(verifier, noKid);
        assertThat(clerk.requests()).isZero();
    }

    @Test
    void keysAreNeverSharedBetweenVerifiersOfDifferentSecretKeysOrApiUrls() {
        try (var otherInstance = JwksStandIn.start("sk_test_otherInstance0123456789", KEY_B.jwksJson())) {
            var ours = verifier();
            var theirs = verifier(otherInstance, otherInstance.secretKey(), Duration.ofSeconds(2), Duration.ofSeconds(3));

            assertVerified(ours, token(KEY_A));
            assertVerified(theirs, token(KEY_B));
            assertKidMismatch(ours, token(KEY_B));
            assertKidMismatch(theirs, token(KEY_A));

            var sameUrlOtherVerifier = verifier();
            assertVerified(sameUrlOtherVerifier, token(KEY_A));
            assertThat(clerk.requests()).isEqualTo(2); // one per verifier, none shared
            assertThat(otherInstance.requests()).isEqualTo(1);
        }
    }

    @Test
    void manyVerificationsOfCachedKeysEmitSynchronously() {
        var verifier = verifier();
        assertVerified(verifier, token(KEY_A));
        String token = token(KEY_A);

        // A cache hit needs no scheduler hop: the result is there on subscription.
        List<SessionTokenVerification> results = Flux.range(0, 100).concatMap(i -> verifier.verify(token))
                .collectList().toFuture().getNow(null);

        assertThat(results).hasSize(100).allMatch(Verified.class::isInstance);
    }
}
