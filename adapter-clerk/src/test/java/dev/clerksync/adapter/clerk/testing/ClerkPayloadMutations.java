package dev.clerksync.adapter.clerk.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generators of hostile webhook bodies for fuzz tests: real Clerk fixtures (with fresh user ids and
 * addresses, so cases never collide) damaged by one to three mutations, or random text. Each body
 * says what was done to it, so a failing case reads as a recipe.
 *
 * <p>Mutations: a character flipped (to NUL, a quote, a brace, a non-BMP character...), the text
 * truncated, a member deleted or duplicated, a value replaced by one of another JSON type, by a
 * huge or negative number, by deep nesting, by odd Unicode (NUL, lone surrogates, BOM, RTL marks)
 * or by a very long string, the event type replaced, a byte-order mark in front.
 */
public final class ClerkPayloadMutations {

    /** A fuzzed body and the recipe that made it. */
    public record FuzzBody(String recipe, String body) {
        @Override
        public String toString() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body;
            return recipe + " => " + shown;
        }
    }

    /** The bodies fuzz cases start from: every user event shape Clerk sends, and one it ignores. */
    static final List<String> FIXTURES = List.of(
            ClerkFixtures.USER_CREATED,
            ClerkFixtures.USER_CREATED_NO_NAME,
            ClerkFixtures.USER_CREATED_PHONE_ONLY,
            ClerkFixtures.USER_CREATED_PRIMARY_NOT_FIRST,
            ClerkFixtures.USER_CREATED_UNICODE_NAME,
            ClerkFixtures.USER_UPDATED,
            ClerkFixtures.USER_DELETED,
            ClerkFixtures.SESSION_CREATED);

    /** The members the parser reads: most mutations aim at them, the rest anywhere in the body. */
    static final List<String> READ_BY_THE_PARSER = List.of(
            "/type", "/timestamp", "/data", "/data/id", "/data/updated_at", "/data/created_at",
            "/data/primary_email_address_id", "/data/email_addresses", "/data/email_addresses/0",
            "/data/email_addresses/0/id", "/data/email_addresses/0/email_address", "/data/first_name",
            "/data/last_name", "/data/username", "/data/image_url", "/data/deleted", "/object");

    private static final List<Object> ODD_NUMBERS = List.of(
            Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, 1L, 253_402_300_800_000L /* year 10000 */,
            -62_135_596_800_001L /* before year 1 */, 9_223_372_036_854_775L /* Long.MAX / 1000 */,
            new java.math.BigInteger("99999999999999999999999999999"), 1.5e300, -0.0, 1.0e-300,
            Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + 0.5);

    private static final List<String> ODD_TEXT = List.of(
            "", " ", "\u0000", "a\u0000b", "\ud800", "\udc00x\ud800", "\ufeff", "\u202e\u202dadmin",
            "\uffff", "😀", "\u0085\u2028\u2029", "null", "user_\u0000", " user_padded ", "\\", "\"",
            "<script>alert(1)</script>", "'; drop table users; --", "%00", "\r\n\r\n");

    private static final List<String> EVENT_TYPES = List.of(
            "user.created", "user.updated", "user.deleted", "session.created", "", " ", "USER.CREATED",
            "user.created\u0000", "user.", "\ud800");

    private static final String JSON_CHARACTERS = "{}[]\":,0123456789.-eEtrufalsn ";

    private static final String FLIP_CHARACTERS = "\u0000\"{}[],:\\ 0-9eE.tfn\ud83d\ude00\u00e9\ufffd\n";

    private ClerkPayloadMutations() {
    }

    /** Fixture-based bodies with one to three mutations (nine cases in ten), or random text. */
    public static Gen<FuzzBody> bodies() {
        return in -> {
            if (pick(in, 10) == 0) {
                return randomText(in);
            }
            String fixture = FIXTURES.get(pick(in, FIXTURES.size()));
            String id = "user_fuzz" + UUID.randomUUID().toString().replace("-", "");
            ClerkEventBody event = ClerkFixtures.event(fixture).userId(id);
            if (!fixture.equals(ClerkFixtures.USER_DELETED) && !fixture.equals(ClerkFixtures.SESSION_CREATED)
                    && !fixture.equals(ClerkFixtures.USER_CREATED_PHONE_ONLY)) {
                event.primaryEmail(id + "@fuzz.example.com");
            }
            var recipe = new StringBuilder(fixture);
            JsonNode tree = event.tree();
            String text = null;
            int mutations = 1 + pick(in, 3);
            for (int i = 0; i < mutations; i++) {
                Mutation mutation = Mutation.values()[pick(in, Mutation.values().length)];
                if (mutation.textual && text == null) {
                    text = ClerkFixtures.JSON.writeValueAsString(tree);
                }
                if (text != null) {
                    // Once the body is text, only textual mutations can follow.
                    text = mutation.textual ? mutateText(in, mutation, text, recipe) : text;
                } else {
                    mutateTree(in, mutation, tree, recipe);
                }
            }
            return new FuzzBody(recipe.toString(), text != null ? text : ClerkFixtures.JSON.writeValueAsString(tree));
        };
    }

    enum Mutation {
        FLIP_CHARACTER(true), TRUNCATE(true), DUPLICATE_MEMBER(true), BYTE_ORDER_MARK(true), DEEP_NESTING(true),
        DELETE_MEMBER(false), WRONG_TYPE(false), ODD_NUMBER(false), ODD_TEXT(false),
        LONG_STRING(false), EVENT_TYPE(false);

        final boolean textual;

        Mutation(boolean textual) {
            this.textual = textual;
        }
    }

    private static String mutateText(RandomnessSource in, Mutation mutation, String text, StringBuilder recipe) {
        switch (mutation) {
            case FLIP_CHARACTER -> {
                int at = pick(in, Math.max(1, text.length()));
                char replacement = FLIP_CHARACTERS.charAt(pick(in, FLIP_CHARACTERS.length()));
                recipe.append(" | flip char ").append(at).append(" to U+").append(Integer.toHexString(replacement));
                return text.isEmpty() ? String.valueOf(replacement)
                        : text.substring(0, at) + replacement + text.substring(Math.min(text.length(), at + 1));
            }
            case TRUNCATE -> {
                int length = pick(in, text.length() + 1);
                recipe.append(" | truncate to ").append(length);
                return text.substring(0, length);
            }
            case DUPLICATE_MEMBER -> {
                // A second member of the same name: at the top (type), or in data (id, updated_at).
                String[] duplicates = {"{\"type\":\"user.deleted\",", "{\"data\":{},", "\"data\":{\"id\":\"user_dup\",",
                        "\"data\":{\"updated_at\":1,"};
                String chosen = duplicates[pick(in, duplicates.length)];
                recipe.append(" | duplicate member ").append(chosen);
                if (chosen.startsWith("{")) {
                    return text.startsWith("{") ? chosen + text.substring(1) : chosen + text;
                }
                return text.replaceFirst("\"data\":\\{", java.util.regex.Matcher.quoteReplacement(chosen));
            }
            case DEEP_NESTING -> {
                // Textual: Jackson refuses to write more than 500 levels, but a sender can send them.
                int depth = List.of(10, 200, 999, 1_001, 5_000).get(pick(in, 5));
                boolean inData = pick(in, 2) == 0;
                recipe.append(" | nesting ").append(depth).append(" arrays deep in ").append(inData ? "data" : "the envelope");
                String nested = "\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",";
                if (inData && text.contains("\"data\":{")) {
                    return text.replaceFirst("\"data\":\\{", java.util.regex.Matcher.quoteReplacement("\"data\":{" + nested));
                }
                return text.startsWith("{") ? "{" + nested + text.substring(1) : nested + text;
            }
            case BYTE_ORDER_MARK -> {
                recipe.append(" | byte-order mark in front");
                return "\ufeff" + text;
            }
            default -> throw new IllegalStateException(mutation + " is not textual");
        }
    }

    private static void mutateTree(RandomnessSource in, Mutation mutation, JsonNode tree, StringBuilder recipe) {
        String pointer = pick(in, 4) == 0 ? anyPointer(in, tree) : READ_BY_THE_PARSER.get(pick(in, READ_BY_THE_PARSER.size()));
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode value = switch (mutation) {
            case DELETE_MEMBER -> null;
            case WRONG_TYPE -> switch (pick(in, 7)) {
                case 0 -> nodes.numberNode(42);
                case 1 -> nodes.stringNode("1700000000000");
                case 2 -> nodes.arrayNode().add("x");
                case 3 -> nodes.objectNode().put("id", "user_nested");
                case 4 -> nodes.booleanNode(true);
                case 5 -> nodes.nullNode();
                default -> nodes.arrayNode();
            };
            case ODD_NUMBER -> ClerkFixtures.JSON.valueToTree(ODD_NUMBERS.get(pick(in, ODD_NUMBERS.size())));
            case ODD_TEXT -> nodes.stringNode(ODD_TEXT.get(pick(in, ODD_TEXT.size())));
            case LONG_STRING -> nodes.stringNode(longString(in));
            case EVENT_TYPE -> {
                pointer = "/type";
                yield nodes.stringNode(EVENT_TYPES.get(pick(in, EVENT_TYPES.size())));
            }
            default -> throw new IllegalStateException(mutation + " is textual");
        };
        recipe.append(" | ").append(mutation.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(pointer);
        if (value != null) {
            recipe.append(" = ").append(describe(value));
        }
        replace(tree, pointer, value);
    }

    private static String longString(RandomnessSource in) {
        int length = List.of(256, 2_000, 3_000, 10_000, 100_000, 400_000).get(pick(in, 6));
        String unit = List.of("a", "é", "😀", "0123456789abcdef").get(pick(in, 4));
        var text = new StringBuilder(length);
        // Not one repeated letter only: PostgreSQL would compress that below its index size limit.
        long state = length;
        while (text.length() < length) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            text.append(unit).append(Long.toString(state >>> 40, 36));
        }
        return text.substring(0, length) + "@long.example.com";
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + " chars)" : text;
    }

    /** Sets (or, for a null value, removes) the member at the pointer when its parent exists. */
    private static void replace(JsonNode tree, String pointer, JsonNode value) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = tree.at(path.head());
        if (parent instanceof ObjectNode object) {
            String name = path.last().getMatchingProperty();
            if (value == null) {
                object.remove(name);
            } else {
                object.set(name, value);
            }
        } else if (parent instanceof ArrayNode array && path.last().getMatchingIndex() >= 0
                && path.last().getMatchingIndex() < array.size()) {
            if (value == null) {
                array.remove(path.last().getMatchingIndex());
            } else {
                array.set(path.last().getMatchingIndex(), value);
            }
        }
    }

    private static String anyPointer(RandomnessSource in, JsonNode tree) {
        List<String> pointers = new ArrayList<>();
        collect(tree, "", pointers);
        return pointers.isEmpty() ? "/type" : pointers.get(pick(in, pointers.size()));
    }

    private static void collect(JsonNode node, String at, List<String> pointers) {
        if (!at.isEmpty()) {
            pointers.add(at);
        }
        if (node.isObject()) {
            node.properties().forEach(entry ->
                    collect(entry.getValue(), at + "/" + entry.getKey().replace("~", "~0").replace("/", "~1"), pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, pointers);
            }
        }
    }

    private static FuzzBody randomText(RandomnessSource in) {
        int length = pick(in, 200);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = pick(in, 4);
            text.appendCodePoint(switch (kind) {
                case 0 -> JSON_CHARACTERS.charAt(pick(in, JSON_CHARACTERS.length()));
                case 1 -> 0x20 + pick(in, 0x5f);
                case 2 -> pick(in, 0x20);
                default -> pick(in, 0x10ffff + 1);
            });
        }
        return new FuzzBody("random text of " + length + " code points", text.toString());
    }

    /** A whole number in {@code [0, bound)}, shrinking towards 0. */
    static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }
}
