package dev.clerksync.bootstrap;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The database driver runs on the web server's event loops. By default r2dbc-postgresql makes its
 * own loops, so a delivery hops from the thread that read the request to a database thread and back:
 * twice the threads of the 2 cores, and a cross-thread wake-up per statement. On the shared loops a
 * connection opened from a request's thread stays on it (Reactor Netty colocates client channels).
 */
@Configuration(proxyBeanMethods = false)
class EventLoopConfiguration {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer databaseOnTheWebServersEventLoops(ObjectProvider<ReactorResourceFactory> resources) {
        return options -> resources.ifAvailable(factory ->
                options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, factory.getLoopResources()));
    }
}
