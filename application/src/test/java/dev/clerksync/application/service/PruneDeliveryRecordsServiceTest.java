package dev.clerksync.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.PrunedDeliveryRecords;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PruneDeliveryRecordsServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void deletesTheRecordsOlderThanTheRetentionCountedFromNow() {
        List<Instant> cutoffs = new ArrayList<>();
        var service = new PruneDeliveryRecordsService(cutoff -> {
            cutoffs.add(cutoff);
            return Mono.just(42L);
        }, Clock.fixed(NOW, ZoneOffset.UTC));

        var pruned = service.prune(new PruneDeliveryRecordsCommand(Duration.ofDays(7))).block();

        assertThat(cutoffs).containsExactly(Instant.parse("2026-11-19T12:00:00Z"));
        assertThat(pruned).isEqualTo(new PrunedDeliveryRecords(Instant.parse("2026-11-19T12:00:00Z"), 42));
    }

    @Test
    void readsTheClockWhenSubscribedNotWhenAsked() {
        var clock = new MutableClock(NOW);
        var service = new PruneDeliveryRecordsService(cutoff -> Mono.just(0L), clock);
        var prune = service.prune(new PruneDeliveryRecordsCommand(Duration.ofDays(2)));

        clock.now = NOW.plus(Duration.ofHours(1));

        assertThat(prune.block().cutoff()).isEqualTo(NOW.plus(Duration.ofHours(1)).minus(Duration.ofDays(2)));
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
