package dev.clerksync.domain.model;

import java.util.List;
import java.util.Objects;

/** The session's active organization, as the session token states it. */
public record OrganizationMembership(String id, String slug, String role, List<String> permissions) {

    public OrganizationMembership {
        Text.requireNonBlank(id, "organization id");
        Objects.requireNonNull(slug, "slug must not be null");
        Objects.requireNonNull(role, "role must not be null");
        permissions = List.copyOf(permissions);
    }
}
