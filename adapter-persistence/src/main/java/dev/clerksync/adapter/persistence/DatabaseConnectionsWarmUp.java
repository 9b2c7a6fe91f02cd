package dev.clerksync.adapter.persistence;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.springframework.beans.factory.InitializingBean;
import reactor.core.publisher.Mono;

/**
 * Takes one connection and gives it back as soon as the connection factory exists, on the database
 * driver's own thread while the rest of the application starts. A pool opens its first connections
 * ({@code spring.r2dbc.pool.initial-size}) on that first request, and the driver sets itself up on
 * its first connection (codecs, classes loaded from the jar); without this the first delivery paid
 * for both, about 0.1 s here. Failing is harmless: the service starts anyway and connects on demand.
 */
final class DatabaseConnectionsWarmUp implements InitializingBean {

    private static final System.Logger LOG = System.getLogger(DatabaseConnectionsWarmUp.class.getName());

    private final ConnectionFactory connectionFactory;

    DatabaseConnectionsWarmUp(ConnectionFactory connectionFactory) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
    }

    @Override
    public void afterPropertiesSet() {
        Mono.usingWhen(connectionFactory.create(), connection -> Mono.empty(), Connection::close)
                .subscribe(null, failure -> LOG.log(Level.WARNING, "No database connection could be opened at start ({0}); "
                        + "connections are opened when first needed", failure.toString()));
    }
}
