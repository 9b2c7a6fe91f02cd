package dev.clerksync.adapter.clerk.session;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.OrganizationMembership;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified Clerk session token says.
 *
 * @param userId {@code sub}
 * @param sessionId {@code sid}
 * @param issuer {@code iss}, always this instance's issuer
 * @param authorizedParty {@code azp}, the origin the token was minted for (Clerk omits it when the
 *     minting request had no {@code Origin})
 * @param expiresAt {@code exp}
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}
 * @param sessionStatus {@code sts} ({@code active}, {@code pending}), only on instances that opted in
 * @param organization the active organization, from the v2 {@code o} claim or the v1 {@code org_*} claims
 */
public record SessionClaims(
        ClerkUserId userId,
        String sessionId,
        String issuer,
        Optional<String> authorizedParty,
        Instant expiresAt,
        Optional<Instant> issuedAt,
        Optional<Instant> notBefore,
        Optional<String> sessionStatus,
        Optional<OrganizationMembership> organization) {

    /** The {@code sts} value of a session that waits for the user to finish a required step. */
    public static final String PENDING = "pending";

    /**
     * Validates the claims.
     *
     * @throws NullPointerException when a component is null (use Optional.empty() for absent claims)
     */
    public SessionClaims {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(sessionId, "sessionId must not be null");
        Objects.requireNonNull(issuer, "issuer must not be null");
        Objects.requireNonNull(authorizedParty, "authorizedParty must not be null (use Optional.empty())");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null");
        Objects.requireNonNull(issuedAt, "issuedAt must not be null (use Optional.empty())");
        Objects.requireNonNull(notBefore, "notBefore must not be null (use Optional.empty())");
        Objects.requireNonNull(sessionStatus, "sessionStatus must not be null (use Optional.empty())");
        Objects.requireNonNull(organization, "organization must not be null (use Optional.empty())");
    }

    /**
     * A session still waiting for the user to finish a required step (e.g. choose an organization):
     * Clerk treats it as signed out by default ({@code treatPendingAsSignedOut}), and so do we.
     *
     * @return whether {@code sts} is {@value #PENDING}
     */
    public boolean isPending() {
        return sessionStatus.filter(PENDING::equals).isPresent();
    }
}
