package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.ProviderUserPage;
import reactor.core.publisher.Flux;

/**
 * Reads the identity provider's whole user list (Clerk's {@code GET /v1/users}), page by page, in a
 * stable order in which a user appears at most once. A page is fetched only as the subscriber asks
 * for pages (at most one ahead), so a slow consumer holds a page or two in memory, not the list.
 * Users created while the list is walked may be missing from it.
 *
 * <p>Errors: {@code IdentityProviderUnavailableException} (unreachable, failing or throttling after
 * retries), {@code IdentityProviderCredentialsException} (our secret key is refused).
 */
public interface ListProviderUsersPort {

    /**
     * Walks the user list; each subscription starts a new walk.
     *
     * @return the pages in order, numbered from 1, completing after the last one
     */
    Flux<ProviderUserPage> listUsers();
}
