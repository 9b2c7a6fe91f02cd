package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

    @Test
    void startsOneEventLoopPerCoreWhenTheOperatorChoseNothing() {
        var properties = new Properties();

        NettyDefaults.applyUnlessSet(properties, 2);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("2");
    }

    @Test
    void keepsTheOperatorsOwnEventLoopCount() {
        var properties = new Properties();
        properties.setProperty("reactor.netty.ioWorkerCount", "6");

        NettyDefaults.applyUnlessSet(properties, 2);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("6");
    }

    @Test
    void neverAsksForZeroLoops() {
        var properties = new Properties();

        NettyDefaults.applyUnlessSet(properties, 0);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("1");
    }

    @Test
    void turnsNettysAllocatorEventsOffWhenTheOperatorChoseNothing() {
        var properties = new Properties();

        NettyDefaults.applyUnlessSet(properties, 2);

        assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    }

    @Test
    void keepsTheOperatorsOwnChoiceOfAllocatorEvents() {
        var properties = new Properties();
        properties.setProperty("io.netty.jfr.enabled", "true");

        NettyDefaults.applyUnlessSet(properties, 2);

        assertThat(properties.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    }
}
