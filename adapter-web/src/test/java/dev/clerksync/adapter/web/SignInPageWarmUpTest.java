package dev.clerksync.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;

class SignInPageWarmUpTest {

    /** A template engine whose process(...) runs the given action and returns its text. */
    private static ITemplateEngine engine(Supplier<String> process) {
        return (ITemplateEngine) Proxy.newProxyInstance(ITemplateEngine.class.getClassLoader(),
                new Class<?>[] {ITemplateEngine.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("process")) {
                        return process.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void rendersThePageOnAThreadOfItsOwnAndIsDoneOnceAllBeansExist() {
        var release = new CountDownLatch(1);
        var renderedOn = new AtomicReference<String>();
        var warmUp = new SignInPageWarmUp(engine(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            renderedOn.set(Thread.currentThread().getName());
            return "<html></html>";
        }));

        // The render waits for the latch, so this returns only if the render runs elsewhere.
        assertTimeoutPreemptively(Duration.ofSeconds(5), warmUp::afterPropertiesSet);
        assertThat(renderedOn.get()).isNull();

        release.countDown();
        warmUp.afterSingletonsInstantiated();

        assertThat(renderedOn.get()).isEqualTo("sign-in-page-warm-up");
    }

    @Test
    void aRenderThatFailsStillStopsStartup() {
        var warmUp = new SignInPageWarmUp(engine(() -> {
            throw new IllegalStateException("template index not found");
        }));

        warmUp.afterPropertiesSet();

        assertThatThrownBy(warmUp::afterSingletonsInstantiated)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("template index not found");
    }
}
