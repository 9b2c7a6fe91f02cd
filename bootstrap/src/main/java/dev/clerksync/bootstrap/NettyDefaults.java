package dev.clerksync.bootstrap;

import java.util.Properties;

/**
 * The Netty settings this service chooses, as system properties, each unless the operator set it
 * ({@code -D} in bin/jvm.options). Netty and Reactor Netty read them once, when first initialised,
 * so they are applied first thing in {@code main}.
 *
 * <ul>
 *   <li>{@value #IO_WORKER_COUNT}: one event loop per core, for the web server and for the database
 *       driver alike. Reactor Netty starts at least four per resource group whatever the core count,
 *       so on two cores the service ran eight busy loop threads and spent about 15 % of its CPU
 *       switching between them (measured with the load benchmark: 2,600 -> 3,200 deliveries/s at
 *       concurrency 32).
 *   <li>{@value #JFR_ENABLED}: Netty's JFR events for its buffer allocator, off. Netty 4.2 registers
 *       them on the first buffer it allocates, which initialises Flight Recorder's whole event
 *       metadata: about 0.1 s of the first request's time here (async-profiler), for events this
 *       service never records. Flight Recorder itself still works ({@code -XX:StartFlightRecording}).
 * </ul>
 */
final class NettyDefaults {

    static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";
    static final String JFR_ENABLED = "io.netty.jfr.enabled";

    private NettyDefaults() {
    }

    static void applyUnlessSet(Properties systemProperties, int cores) {
        setUnlessSet(systemProperties, IO_WORKER_COUNT, Integer.toString(Math.max(1, cores)));
        setUnlessSet(systemProperties, JFR_ENABLED, "false");
    }

    private static void setUnlessSet(Properties systemProperties, String name, String value) {
        if (systemProperties.getProperty(name) == null) {
            systemProperties.setProperty(name, value);
        }
    }
}
