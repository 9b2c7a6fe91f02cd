/**
 * Clerk user events built and signed without Clerk, for trying an endpoint locally (clerksync's
 * {@code send-test-event} command) or in another team's integration tests: {@link
 * dev.clerksync.adapter.clerk.testevent.ClerkTestEvent} builds the body Clerk would send, {@link
 * dev.clerksync.adapter.clerk.testevent.ClerkTestEventSigner} signs it with the endpoint's secret.
 */
package dev.clerksync.adapter.clerk.testevent;
