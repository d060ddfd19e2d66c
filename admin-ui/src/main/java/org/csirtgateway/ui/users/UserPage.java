package org.csirtgateway.ui.users;

import java.util.List;

import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.auth.UserAdministration.TokenSummary;
import org.csirtgateway.ui.auth.UserAdministration.UserSummary;
import org.csirtgateway.ui.web.Chrome;

/**
 * One user: role, state, API tokens, and the forms that change them.
 *
 * @param done      what the last change did (a {@link Done} wire name), or null
 * @param error     why the last change was refused, or null
 * @param password  a password generated just now, shown this once; or null
 * @param token     an API token created just now, shown this once; or null
 */
public record UserPage(Chrome chrome, UserSummary user, List<TokenSummary> tokens, String done, String error,
                       String password, UserAccounts.NewToken token) {

    public UserPage {
        tokens = List.copyOf(tokens);
    }

    /** The roles, highest first, for the role menu. */
    public List<Role> roles() {
        return List.of(Role.values());
    }

    public int minPasswordLength() {
        return UserAccounts.MIN_PASSWORD_LENGTH;
    }

    public int maxLabelLength() {
        return UserAccounts.MAX_LABEL_LENGTH;
    }

    /** Where this user's forms post to: {@code /users/12}. */
    public String action() {
        return "/users/" + user.id();
    }
}
