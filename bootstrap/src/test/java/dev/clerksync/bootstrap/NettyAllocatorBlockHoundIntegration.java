package dev.clerksync.bootstrap;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound must not report in this module's tests. Netty's adaptive buffer allocator (the
 * default in Netty 4.2) guards a magazine with a {@code StampedLock} held for a few instructions;
 * when two event loops meet there one parks for a moment. That is a short critical section, not
 * I/O, and Netty's own BlockHound integration (4.2.18) does not list it yet. Everything else that
 * parks, sleeps or does I/O on a non-blocking thread still fails the request.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
    }
}
