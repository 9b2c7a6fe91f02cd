package dev.clerksync.bootstrap;

import java.util.Properties;

/**
 * Netty's JFR events for its buffer allocator, off. Netty 4.2 defines them and, on the first buffer
 * it allocates, registers them with Flight Recorder, which then initialises its whole event
 * metadata: about 0.1 s of the first request's time here (async-profiler), for events this service
 * never records. Flight Recorder itself still works ({@code -XX:StartFlightRecording}); an
 * operator's own {@code -Dio.netty.jfr.enabled} wins.
 */
final class NettyAllocatorEvents {

    static final String JFR_ENABLED = "io.netty.jfr.enabled";

    private NettyAllocatorEvents() {
    }

    /** Must run before Netty's PlatformDependent is initialised, which reads the property once. */
    static void offUnlessSet(Properties systemProperties) {
        if (systemProperties.getProperty(JFR_ENABLED) == null) {
            systemProperties.setProperty(JFR_ENABLED, "false");
        }
    }
}
