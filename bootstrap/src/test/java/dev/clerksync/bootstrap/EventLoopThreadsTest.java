package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EventLoopThreadsTest {

    @Test
    void startsOneEventLoopPerCoreWhenTheOperatorChoseNothing() {
        var properties = new Properties();

        EventLoopThreads.onePerCoreUnlessSet(properties, 2);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("2");
    }

    @Test
    void keepsTheOperatorsOwnChoice() {
        var properties = new Properties();
        properties.setProperty("reactor.netty.ioWorkerCount", "6");

        EventLoopThreads.onePerCoreUnlessSet(properties, 2);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("6");
    }

    @Test
    void neverAsksForZeroLoops() {
        var properties = new Properties();

        EventLoopThreads.onePerCoreUnlessSet(properties, 0);

        assertThat(properties.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("1");
    }
}
