package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.persistence.JooqUserPersistenceAdapter;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A scheduled reconcile run as an operator sees it on the management port's Prometheus endpoint. */
class ReconcileMetricsEndToEndTest {

    private final PostgresTestDatabase database = PostgresTestDatabase.create();
    private final ClerkBackendApiStandIn clerk = ClerkBackendApiStandIn.start();
    private final JooqUserPersistenceAdapter users =
            new JooqUserPersistenceAdapter(DSL.using(database.connectionPool(2), SQLDialect.POSTGRES));

    @AfterEach
    void stop() {
        clerk.close();
        database.close();
    }

    private void store(String id, Instant updatedAt) {
        users.apply(new UserChange.Snapshot(new ClerkUserId(id), new UserProfile(Optional.of(new EmailAddress(id + "@example.com")),
                Optional.of("Local Name"), Optional.empty(), Optional.empty(), updatedAt.minusSeconds(60), updatedAt)),
                Optional.empty()).block(Duration.ofSeconds(10));
    }

    @Test
    void countsWhatTheRunReadAndDidAndWhenItLastSucceeded() throws InterruptedException {
        var ids = clerk.addUsers(5);
        store(ids.get(0), ClerkBackendApiStandIn.FIRST_CREATED_AT.minusSeconds(3600));  // older than Clerk's: update
        store("user_gone", Instant.parse("2026-01-01T00:00:00Z"));                    // Clerk has no such user: delete
        var unreadable = ClerkBackendApiStandIn.user("user_unreadable", "unreadable@example.com",
                ClerkBackendApiStandIn.FIRST_CREATED_AT, ClerkBackendApiStandIn.FIRST_CREATED_AT);
        unreadable.remove("updated_at");
        clerk.putUser(unreadable);                                                      // listed, cannot be read
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("CLERK_API_URL", clerk.apiUrl());
        settings.put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
        settings.put(ReconcileConfiguration.INTERVAL_SETTING, "6h");
        settings.put(ReconcileConfiguration.FIRST_RUN_DELAY_PROPERTY, "0s");
        long before = Instant.now().getEpochSecond();

        try (var service = RunningService.start(settings)) {
            var scrape = PrometheusScrape.of(service);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (scrape.count("clerksync_reconcile_runs_total{mode=\"apply\",result=\"ok\"}") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                scrape = PrometheusScrape.of(service);
            }

            assertThat(scrape.count("clerksync_reconcile_runs_total{mode=\"apply\",result=\"ok\"}")).as(scrape.text()).isEqualTo(1);
            assertThat(scrape.count("clerksync_reconcile_users_listed_total{mode=\"apply\"}")).isEqualTo(6);
            assertThat(scrape.count("clerksync_reconcile_pages_total{mode=\"apply\"}")).isEqualTo(1);
            assertThat(scrape.count("clerksync_reconcile_actions_total{action=\"create\",mode=\"apply\"}")).isEqualTo(4);
            assertThat(scrape.count("clerksync_reconcile_actions_total{action=\"update\",mode=\"apply\"}")).isEqualTo(1);
            assertThat(scrape.count("clerksync_reconcile_actions_total{action=\"delete\",mode=\"apply\"}")).isEqualTo(1);
            assertThat(scrape.count("clerksync_reconcile_actions_total{action=\"unchanged\",mode=\"apply\"}")).isZero();
            assertThat(scrape.count("clerksync_reconcile_actions_total{action=\"unusable\",mode=\"apply\"}")).isEqualTo(1);
            assertThat(scrape.value("clerksync_reconcile_running")).contains(0.0);
            assertThat(scrape.value("clerksync_reconcile_last_duration_seconds")).hasValueSatisfying(
                    seconds -> assertThat(seconds).isPositive().isLessThan(30));
            assertThat(scrape.value("clerksync_reconcile_last_success_seconds")).hasValueSatisfying(
                    epochSeconds -> assertThat(epochSeconds).isBetween((double) before, (double) Instant.now().getEpochSecond() + 1));
        }
    }
}
