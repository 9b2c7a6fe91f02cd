package dev.clerksync.adapter.clerk.testevent;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Clerk user event as Clerk sends it, for trying a webhook endpoint without Clerk: the envelope
 * ({@code type}, {@code object}, {@code timestamp}, {@code instance_id}, {@code event_attributes}) and
 * Clerk's whole user object (about 2.5 KB: {@code primary_email_address_id} naming a verified
 * address in {@code email_addresses}, a Google {@code external_accounts} entry linked to it,
 * metadata, flags), or, for {@code user.deleted}, Clerk's three-field deleted object. Ids are shaped
 * like Clerk's ({@code user_}, {@code idn_}, {@code eac_} and 27 base62 characters).
 *
 * <p>{@code data.updated_at} and the envelope's {@code timestamp} are the time given, so an event
 * built now is never older than what an earlier one stored, and always applies.
 *
 * @param type   the event type
 * @param userId {@code data.id}
 * @param body   the JSON body, compact, as Clerk serialises it
 */
public record ClerkTestEvent(ClerkTestEventType type, ClerkUserId userId, String body) {

    /** Clerk's ids: a prefix and 27 base62 characters (a KSUID). */
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ID_LENGTH = 27;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSTANCE_ID = "ins_2clerksyncTestEventInstance0";
    private static final String IMAGE_URL = "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJnb29nbGUtYXZhdGFyIn0";

    public ClerkTestEvent {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(body, "body must not be null");
    }

    /**
     * The event for this user at {@code now}. A {@code user.created} or {@code user.updated} user is
     * Ada Lovelace (after the update, under her married name, Ada King) with {@code email}, or,
     * without one, an address made from the user id so that test users never share one.
     */
    public static ClerkTestEvent of(ClerkTestEventType type, ClerkUserId userId, Optional<EmailAddress> email, Instant now) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(email, "email must not be null (use Optional.empty())");
        Objects.requireNonNull(now, "now must not be null");
        ObjectNode envelope = JSON.createObjectNode();
        if (type == ClerkTestEventType.USER_DELETED) {
            envelope.putObject("data").put("deleted", true).put("id", userId.value()).put("object", "user");
        } else {
            String address = email.map(EmailAddress::value).orElseGet(() -> defaultEmail(userId));
            user(envelope.putObject("data"), type, userId, address, now);
        }
        envelope.putObject("event_attributes").putObject("http_request")
                .put("client_ip", "127.0.0.1")
                .put("user_agent", "clerksync send-test-event");
        envelope.put("instance_id", INSTANCE_ID);
        envelope.put("object", "event");
        envelope.put("timestamp", now.toEpochMilli());
        envelope.put("type", type.eventType());
        return new ClerkTestEvent(type, userId, JSON.writeValueAsString(envelope));
    }

    /** A user id no one has used: {@code user_} and 27 random base62 characters, like Clerk's. */
    public static ClerkUserId newUserId() {
        return new ClerkUserId(newId("user_"));
    }

    static String newId(String prefix) {
        var id = new StringBuilder(prefix);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    /** {@code ada.lovelace+<the id's last 8 characters, lower case>@example.com}. */
    static String defaultEmail(ClerkUserId userId) {
        String id = userId.value();
        String tail = id.substring(Math.max(0, id.length() - 8)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "ada.lovelace+" + (tail.isEmpty() ? "test" : tail) + "@example.com";
    }

    private static void user(ObjectNode data, ClerkTestEventType type, ClerkUserId userId, String email, Instant now) {
        long at = now.toEpochMilli();
        // A user updated now was created a while ago; the exact time is not known here.
        long createdAt = type == ClerkTestEventType.USER_CREATED ? at : at - 60_000;
        String lastName = type == ClerkTestEventType.USER_CREATED ? "Lovelace" : "King";
        // Derived from the user id, so that every event about one user names the same address and account.
        String emailId = derivedId("idn_", userId, "email");
        String accountId = derivedId("idn_", userId, "google");
        data.put("backup_code_enabled", false);
        data.put("banned", false);
        data.put("create_organization_enabled", true);
        data.putNull("create_organizations_limit");
        data.put("created_at", createdAt);
        data.put("delete_self_enabled", true);
        ObjectNode address = data.putArray("email_addresses").addObject();
        address.put("created_at", createdAt);
        address.put("email_address", email);
        address.put("id", emailId);
        address.putArray("linked_to").addObject().put("id", accountId).put("type", "oauth_google");
        address.put("matches_sso_connection", false);
        address.put("object", "email_address");
        address.put("reserved", false);
        address.put("updated_at", at);
        verification(address, "verification_from_oauth", "from_oauth_google").putNull("expire_at");
        data.putArray("enterprise_accounts");
        ObjectNode google = data.putArray("external_accounts").addObject();
        google.put("approved_scopes", "email https://www.googleapis.com/auth/userinfo.email"
                + " https://www.googleapis.com/auth/userinfo.profile openid profile");
        google.put("created_at", createdAt);
        google.put("email_address", email);
        google.put("external_account_id", derivedId("eac_", userId, "google"));
        google.put("first_name", "Ada");
        google.put("id", accountId);
        google.put("identification_id", accountId);
        google.put("image_url", IMAGE_URL);
        google.putNull("label");
        google.put("last_name", lastName);
        google.put("object", "google_account");
        google.putNull("phone_number");
        google.put("provider", "oauth_google");
        google.put("provider_user_id", Long.toString(100_000_000_000_000_000L + Math.floorMod(userId.hashCode(), 1_000_000_000)));
        google.putObject("public_metadata");
        google.put("updated_at", at);
        google.putNull("username");
        verification(google, "verification_oauth", "oauth_google").put("expire_at", createdAt + 600_000);
        data.putNull("external_id");
        data.put("first_name", "Ada");
        data.put("has_image", true);
        data.put("id", userId.value());
        data.put("image_url", IMAGE_URL);
        data.put("last_active_at", at);
        data.put("last_name", lastName);
        data.put("last_sign_in_at", createdAt);
        data.putNull("legal_accepted_at");
        data.putNull("locale");
        data.put("locked", false);
        data.putNull("lockout_expires_in_seconds");
        data.putNull("mfa_disabled_at");
        data.putNull("mfa_enabled_at");
        data.put("object", "user");
        data.putArray("passkeys");
        data.put("password_enabled", false);
        data.putArray("phone_numbers");
        data.put("primary_email_address_id", emailId);
        data.putNull("primary_phone_number_id");
        data.putNull("primary_web3_wallet_id");
        data.putObject("private_metadata");
        data.put("profile_image_url", "https://images.clerk.dev/oauth_google/img_" + userId.value());
        ObjectNode publicMetadata = data.putObject("public_metadata");
        publicMetadata.put("source", "clerksync send-test-event");
        ArrayNode roles = publicMetadata.putArray("roles");
        roles.add("member");
        data.putArray("saml_accounts");
        data.put("totp_enabled", false);
        data.put("two_factor_enabled", false);
        data.putObject("unsafe_metadata");
        data.put("updated_at", at);
        data.putNull("username");
        data.put("verification_attempts_remaining", 100);
        data.putArray("web3_wallets");
    }

    private static ObjectNode verification(ObjectNode owner, String object, String strategy) {
        ObjectNode verification = owner.putObject("verification");
        verification.putNull("attempts");
        verification.put("object", object);
        verification.put("status", "verified");
        verification.put("strategy", strategy);
        return verification;
    }

    /** A Clerk-shaped id that is the same for every event about this user. */
    private static String derivedId(String prefix, ClerkUserId userId, String what) {
        var random = new Random((userId.value() + "/" + what).hashCode());
        var id = new StringBuilder(prefix);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }
}
