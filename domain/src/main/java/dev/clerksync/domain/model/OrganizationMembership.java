package dev.clerksync.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The session's active organization, as the session token states it.
 *
 * @param id          the organization's id ({@code org_...}); not blank
 * @param slug        its URL slug; may be empty, never null
 * @param role        the user's role in it ({@code org:admin}, ...); may be empty, never null
 * @param permissions the user's permissions in it; copied, never null
 */
public record OrganizationMembership(String id, String slug, String role, List<String> permissions) {

    /**
     * Validates and copies.
     *
     * @throws InvalidUserDataException if the id is blank
     * @throws NullPointerException     if a component is null
     */
    public OrganizationMembership {
        Text.requireNonBlank(id, "organization id");
        Objects.requireNonNull(slug, "slug must not be null");
        Objects.requireNonNull(role, "role must not be null");
        permissions = List.copyOf(permissions);
    }
}
