package org.csirtgateway.ui.users;

import java.util.List;

import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.auth.UserAdministration.UserSummary;
import org.csirtgateway.ui.web.Chrome;

/**
 * The users page: every user, and the form to add one.
 *
 * @param error    why the last change was refused, or null
 * @param formName the name to prefill in the add form after a refusal (never the password)
 * @param formRole the role to preselect in the add form
 */
public record UsersPage(Chrome chrome, List<UserSummary> users, String error, String formName, Role formRole) {

    public UsersPage {
        users = List.copyOf(users);
    }

    /** The roles, highest first, for the role menus. */
    public List<Role> roles() {
        return List.of(Role.values());
    }

    public int minPasswordLength() {
        return UserAccounts.MIN_PASSWORD_LENGTH;
    }

    public int maxNameLength() {
        return UserAccounts.MAX_NAME_LENGTH;
    }
}
