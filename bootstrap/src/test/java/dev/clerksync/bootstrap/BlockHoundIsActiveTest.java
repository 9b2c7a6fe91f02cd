package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The end-to-end tests of this module prove that nothing blocks an event-loop thread only if
 * BlockHound is really installed in their JVM; this test fails when it is not.
 */
class BlockHoundIsActiveTest {

    @Test
    void aBlockingCallOnANonBlockingThreadIsReported() {
        var blocking = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                })
                .subscribeOn(Schedulers.parallel());

        assertThatThrownBy(() -> blocking.block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(BlockingOperationError.class);
    }
}
