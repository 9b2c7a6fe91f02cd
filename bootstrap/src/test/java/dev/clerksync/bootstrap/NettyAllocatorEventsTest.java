package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyAllocatorEventsTest {

    @Test
    void turnsNettysAllocatorEventsOffWhenTheOperatorChoseNothing() {
        var properties = new Properties();

        NettyAllocatorEvents.offUnlessSet(properties);

        assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    }

    @Test
    void keepsTheOperatorsOwnChoice() {
        var properties = new Properties();
        properties.setProperty("io.netty.jfr.enabled", "true");

        NettyAllocatorEvents.offUnlessSet(properties);

        assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    }
}
