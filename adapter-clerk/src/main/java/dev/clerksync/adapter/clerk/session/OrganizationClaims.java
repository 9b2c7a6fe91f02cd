package dev.clerksync.adapter.clerk.session;

import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.OrganizationMembership;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The active organization of a verified session token, decoded as Clerk's
 * {@code packages/shared/src/jwtPayloadParser.ts} does.
 *
 * <p>Version 2 tokens ({@code "v": 2}) carry {@code o: {id, slg, rol, per, fpm}} plus the top-level
 * {@code fea}: the role becomes {@code org:<rol>}; {@code per} lists permission names, {@code fea}
 * the features ({@code o:dashboard} is an organization feature), and the i-th decimal of {@code fpm}
 * is a bitmask over {@code per} (least significant bit = first permission) for the i-th organization
 * feature, giving {@code org:<feature>:<permission>}. Other tokens carry the older
 * {@code org_id}/{@code org_slug}/{@code org_role}/{@code org_permissions}, used as they are.
 *
 * <p>Nothing here throws: the claims are already signed by Clerk, and a missing or odd part (no
 * {@code per}/{@code fpm}, a non-numeric mask, a feature without a scope) only means fewer
 * permissions. Clerk's Java SDK throws a NullPointerException on a token with {@code fea} but no
 * {@code o.per}; that is the {@code v2OrgMissingPerFpm} vector.
 */
final class OrganizationClaims {

    private static final Pattern DECIMAL = Pattern.compile("\\d+");

    private OrganizationClaims() {
    }

    static Optional<OrganizationMembership> from(Map<String, Object> claims) {
        return isVersion2(claims.get("v")) ? fromVersion2(claims) : fromVersion1(claims);
    }

    private static Optional<OrganizationMembership> fromVersion2(Map<String, Object> claims) {
        if (!(claims.get("o") instanceof Map<?, ?> o)) {
            return Optional.empty();
        }
        Optional<String> id = string(o.get("id"));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String role = string(o.get("rol")).filter(r -> !r.isEmpty()).map(r -> "org:" + r).orElse("");
        List<String> permissions = permissions(
                organizationFeatures(string(claims.get("fea")).orElse("")),
                string(o.get("per")).orElse(""),
                string(o.get("fpm")).orElse(""));
        return membership(id.get(), string(o.get("slg")).orElse(""), role, permissions);
    }

    private static Optional<OrganizationMembership> fromVersion1(Map<String, Object> claims) {
        Optional<String> id = string(claims.get("org_id"));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        List<String> permissions = new ArrayList<>();
        if (claims.get("org_permissions") instanceof List<?> list) {
            for (Object permission : list) {
                string(permission).ifPresent(permissions::add);
            }
        }
        return membership(id.get(), string(claims.get("org_slug")).orElse(""),
                string(claims.get("org_role")).orElse(""), permissions);
    }

    /** {@code fea}'s organization features: entries scoped {@code o:}, {@code ou:} or {@code uo:}. */
    static List<String> organizationFeatures(String fea) {
        List<String> features = new ArrayList<>();
        if (fea.isEmpty()) {
            return features;
        }
        for (String part : fea.split(",", -1)) {
            String entry = part.strip();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                continue; // Clerk throws here; a malformed entry just grants nothing.
            }
            String scope = entry.substring(0, colon);
            if (scope.equals("o") || scope.equals("ou") || scope.equals("uo")) {
                features.add(entry.substring(colon + 1));
            }
        }
        return features;
    }

    static List<String> permissions(List<String> features, String per, String fpm) {
        if (per.isEmpty() || fpm.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : per.split(",", -1)) {
            names.add(name.strip());
        }
        String[] masks = fpm.split(",", -1);
        List<String> granted = new ArrayList<>();
        for (int feature = 0; feature < features.size() && feature < masks.length; feature++) {
            String mask = masks[feature].strip();
            if (!DECIMAL.matcher(mask).matches()) {
                continue; // Clerk: a non-decimal mask grants nothing for that feature.
            }
            // Arbitrary precision, as Clerk's string arithmetic: more than 63 permissions must not wrap.
            BigInteger bits = new BigInteger(mask);
            for (int permission = 0; permission < names.size(); permission++) {
                if (bits.testBit(permission)) {
                    granted.add("org:" + features.get(feature) + ":" + names.get(permission));
                }
            }
        }
        return granted;
    }

    private static Optional<OrganizationMembership> membership(String id, String slug, String role,
            List<String> permissions) {
        try {
            return Optional.of(new OrganizationMembership(id, slug, role, permissions));
        } catch (InvalidUserDataException | NullPointerException e) {
            return Optional.empty(); // e.g. a blank id: no usable organization, not a broken session
        }
    }

    private static boolean isVersion2(Object v) {
        return v instanceof Number number && number.doubleValue() == 2.0;
    }

    private static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
