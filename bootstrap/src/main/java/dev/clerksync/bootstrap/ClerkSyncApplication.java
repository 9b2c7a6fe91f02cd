package dev.clerksync.bootstrap;

import dev.clerksync.adapter.persistence.PersistenceAdapterConfiguration;
import dev.clerksync.adapter.web.WebAdapterConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The service: every adapter and use case is imported explicitly, so the composition root shows
 * exactly which implementations serve which ports.
 */
@SpringBootApplication
@Import({
        WebAdapterConfiguration.class,
        PersistenceAdapterConfiguration.class,
        ClerkConfiguration.class,
        UseCaseConfiguration.class,
})
public class ClerkSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(ClerkSyncApplication.class, args);
    }
}
