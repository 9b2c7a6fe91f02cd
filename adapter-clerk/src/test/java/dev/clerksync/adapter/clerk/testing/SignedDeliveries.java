package dev.clerksync.adapter.clerk.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code webhooks/clerk-signed-deliveries.json}: each Clerk fixture as a compact body signed with two
 * test secrets, and negative cases (retry, tampered, re-serialised, charset trap) keyed by name.
 * The timestamps are fixed in 2024, so the Svix library (system clock, ±5 minutes) rejects the stored
 * signatures as too old: re-sign with {@link SvixTestSigner} to verify them today.
 */
public record SignedDeliveries(
        String secretA, String secretB, List<Delivery> deliveries, Map<String, Delivery> negative) {

    public SignedDeliveries {
        deliveries = List.copyOf(deliveries);
        negative = Map.copyOf(negative);
    }

    /** One signed delivery exactly as the fixture states it. */
    public record Delivery(
            String fixture,
            String msgId,
            long timestamp,
            int bodyUtf8Bytes,
            String body,
            String signatureWithSecretA,
            String signatureWithSecretB,
            String rotationHeader) {

        public Instant signedAt() {
            return Instant.ofEpochSecond(timestamp);
        }

        @Override
        public String toString() {
            return fixture + " (" + msgId + ")";
        }
    }

    /** The negative case of that name, e.g. {@code tamperedBody}. */
    public Delivery negative(String name) {
        Delivery delivery = negative.get(name);
        if (delivery == null) {
            throw new IllegalArgumentException("no negative delivery " + name);
        }
        return delivery;
    }

    static SignedDeliveries load() {
        JsonNode root = ClerkFixtures.tree(ClerkFixtures.SIGNED_DELIVERIES);
        List<Delivery> deliveries = new ArrayList<>();
        root.path("deliveries").forEach(node -> deliveries.add(delivery(node)));
        Map<String, Delivery> negative = new LinkedHashMap<>();
        root.path("negative").forEachEntry((name, node) -> negative.put(name, delivery(node)));
        return new SignedDeliveries(
                root.required("secretA").stringValue(), root.required("secretB").stringValue(), deliveries, negative);
    }

    private static Delivery delivery(JsonNode node) {
        return new Delivery(
                node.required("fixture").stringValue(),
                node.required("msgId").stringValue(),
                node.required("timestamp").longValue(),
                node.required("bodyUtf8Bytes").intValue(),
                node.required("body").stringValue(),
                node.required("signatureWithSecretA").stringValue(),
                node.required("signatureWithSecretB").stringValue(),
                node.required("rotationHeader").stringValue());
    }
}
