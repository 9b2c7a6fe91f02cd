package dev.clerksync.domain.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PruneDeliveryRecordsCommandTest {

    @Test
    void keepsDeliveryIdsAtLeastTwoDaysSoThatEverySvixRetryIsADuplicate() {
        assertThat(new PruneDeliveryRecordsCommand(Duration.ofDays(2)).retention()).isEqualTo(Duration.ofDays(2));

        assertThatThrownBy(() -> new PruneDeliveryRecordsCommand(Duration.ofHours(47)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 days");
    }

    @Test
    void needsARetention() {
        assertThatThrownBy(() -> new PruneDeliveryRecordsCommand(null)).isInstanceOf(NullPointerException.class);
    }
}
