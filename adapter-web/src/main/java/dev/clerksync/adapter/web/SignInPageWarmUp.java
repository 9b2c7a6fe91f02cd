package dev.clerksync.adapter.web;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the sign-in page once at startup. Thymeleaf initialises its engine and reads and parses a
 * template on its first render, with blocking reads from the class path (the runnable jar); on an
 * event loop that would stall every connection served by it (BlockHound reports it in the tests).
 * After this render the engine is initialised and the parsed template is in Thymeleaf's cache, so
 * requests only evaluate it.
 *
 * <p>The render runs on a thread of its own from the moment this bean exists, while the application
 * goes on creating its other beans (about 8 % of the start-up time here, now on the other core), and
 * is waited for once all singletons exist: before the web server starts, so no request ever meets a
 * cold engine, and a failed render still stops startup.
 */
final class SignInPageWarmUp implements InitializingBean, SmartInitializingSingleton {

    private final ITemplateEngine templates;
    private CompletableFuture<Void> render = CompletableFuture.completedFuture(null);

    SignInPageWarmUp(ITemplateEngine templates) {
        this.templates = Objects.requireNonNull(templates, "templates must not be null");
    }

    @Override
    public void afterPropertiesSet() {
        render = CompletableFuture.runAsync(this::renderSignedOutPage,
                task -> Thread.ofPlatform().daemon().name("sign-in-page-warm-up").start(task));
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            render.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void renderSignedOutPage() {
        // The variables a signed-out visitor's page gets (SignInPageHandler), with Clerk not configured.
        templates.process(SignInPageHandler.VIEW, new Context(Locale.ROOT, Map.of(
                "signedIn", false,
                "clerkConfigured", false,
                "publishableKey", "",
                "clerkJsUrl", "")));
    }
}
