package dev.clerksync.adapter.clerk.testing;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Clerk event body built from a fixture with some fields replaced, serialised compactly like
 * Clerk's own bodies. Each call changes this builder and returns it; {@link #toJson()} gives the body.
 *
 * <pre>{@code
 * String body = ClerkFixtures.event(ClerkFixtures.USER_UPDATED)
 *         .userId("user_other").primaryEmail("new@example.com").updatedAt(later).toJson();
 * }</pre>
 */
public final class ClerkEventBody {

    private final ObjectNode root;

    private ClerkEventBody(ObjectNode root) {
        this.root = root;
    }

    /** A body from the fixture at {@code path} below {@code fixtures/}. */
    public static ClerkEventBody of(String path) {
        JsonNode tree = ClerkFixtures.tree(path);
        if (!tree.isObject()) {
            throw new IllegalArgumentException(path + " is not a JSON object");
        }
        return new ClerkEventBody((ObjectNode) tree);
    }

    /** The envelope's {@code type}. */
    public ClerkEventBody type(String type) {
        return set("/type", type);
    }

    /** The envelope's {@code timestamp}, in epoch milliseconds as Clerk documents it. */
    public ClerkEventBody timestamp(Instant timestamp) {
        return set("/timestamp", timestamp.toEpochMilli());
    }

    /** {@code data.id}. */
    public ClerkEventBody userId(String userId) {
        return set("/data/id", userId);
    }

    /** {@code data.updated_at}, in epoch milliseconds. */
    public ClerkEventBody updatedAt(Instant updatedAt) {
        return set("/data/updated_at", updatedAt.toEpochMilli());
    }

    /** {@code data.created_at}, in epoch milliseconds. */
    public ClerkEventBody createdAt(Instant createdAt) {
        return set("/data/created_at", createdAt.toEpochMilli());
    }

    /** {@code data.first_name} and {@code data.last_name}; null writes JSON null. */
    public ClerkEventBody name(String firstName, String lastName) {
        return set("/data/first_name", firstName).set("/data/last_name", lastName);
    }

    /** {@code data.username}; null writes JSON null. */
    public ClerkEventBody username(String username) {
        return set("/data/username", username);
    }

    /**
     * Makes {@code email} the user's primary address: the address of the current primary element is
     * replaced, or, when there is none, a new element is added and made primary.
     */
    public ClerkEventBody primaryEmail(String email) {
        ObjectNode data = data();
        JsonNode primaryId = data.path("primary_email_address_id");
        JsonNode addresses = data.path("email_addresses");
        if (primaryId.isString() && addresses.isArray()) {
            for (JsonNode address : addresses) {
                if (address.isObject() && primaryId.equals(address.path("id"))) {
                    ((ObjectNode) address).put("email_address", email);
                    return this;
                }
            }
        }
        ArrayNode list = addresses.isArray() ? (ArrayNode) addresses : data.putArray("email_addresses");
        String id = "idn_test" + Integer.toHexString(Objects.hash(email, list.size()));
        list.addObject().put("id", id).put("object", "email_address").put("email_address", email)
                .put("reserved", false).putNull("verification").putArray("linked_to");
        data.put("primary_email_address_id", id);
        return this;
    }

    /** No primary email: {@code primary_email_address_id} null and no addresses, like a phone-only user. */
    public ClerkEventBody noEmail() {
        data().putNull("primary_email_address_id").putArray("email_addresses");
        return this;
    }

    /**
     * Sets the value at a JSON Pointer ({@code "/data/first_name"}); its parent must exist. {@code value}
     * is converted as Jackson would serialise it; null writes JSON null.
     */
    public ClerkEventBody set(String pointer, Object value) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode node = ClerkFixtures.JSON.valueToTree(value);
        JsonNode parent = parentOf(path);
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, node);
        } else if (parent instanceof ArrayNode array) {
            array.set(path.last().getMatchingIndex(), node);
        } else {
            throw new IllegalArgumentException("no object or array at the parent of " + pointer);
        }
        return this;
    }

    /** Removes the member at a JSON Pointer ({@code "/data/updated_at"}); its parent must be an object. */
    public ClerkEventBody remove(String pointer) {
        JsonPointer path = JsonPointer.compile(pointer);
        if (!(parentOf(path) instanceof ObjectNode object)) {
            throw new IllegalArgumentException("no object at the parent of " + pointer);
        }
        object.remove(path.last().getMatchingProperty());
        return this;
    }

    /** The body as a tree, to inspect or change in ways the other methods do not cover. */
    public ObjectNode tree() {
        return root;
    }

    /** The compact JSON body. */
    public String toJson() {
        return ClerkFixtures.JSON.writeValueAsString(root);
    }

    @Override
    public String toString() {
        return toJson();
    }

    private JsonNode parentOf(JsonPointer path) {
        if (path.length() == 0) {
            throw new IllegalArgumentException("the pointer must name a member, not the whole body");
        }
        return root.at(path.head());
    }

    private ObjectNode data() {
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            throw new IllegalStateException("the body has no data object");
        }
        return (ObjectNode) data;
    }
}
