package org.csirtgateway.ui.auth;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route table's access rules, as the access filter and the pages read them. */
class AccessRulesTest {

    private final AccessRules rules = new AccessRules(Map.of(
            "GET /assets/{file}", Allow.ANYONE,
            "GET /login", Allow.ANYONE,
            "GET /tickets/{id}", Allow.READ_ONLY,
            "POST /tickets/{id}/status", Allow.ANALYST,
            "POST /users", Allow.ADMIN));

    @Test
    void eachRoleIsAdmittedToItsRoutesAndThoseBelow() {
        Optional<User> reader = Optional.of(new User(1, "r", Role.READ_ONLY));
        Optional<User> analyst = Optional.of(new User(2, "a", Role.ANALYST));
        Optional<User> admin = Optional.of(new User(3, "x", Role.ADMIN));

        assertThat(rules.admits("GET /tickets/{id}", reader)).isTrue();
        assertThat(rules.admits("POST /tickets/{id}/status", reader)).isFalse();
        assertThat(rules.admits("POST /tickets/{id}/status", analyst)).isTrue();
        assertThat(rules.admits("POST /users", analyst)).isFalse();
        assertThat(rules.admits("POST /users", admin)).isTrue();
        assertThat(rules.admits("GET /tickets/{id}", Optional.empty())).isFalse();
        assertThat(rules.admits("GET /login", Optional.empty())).isTrue();
    }

    @Test
    void aRouteNameThatIsNotDeclaredIsAnErrorSoATemplateTypoFailsItsTests() {
        assertThatThrownBy(() -> rules.admits("POST /tickets/{id}/stauts", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No route 'POST /tickets/{id}/stauts' is declared in Routes");
    }

    @Test
    void onlyRequestsMatchingAPublicRouteNeedNoUser() {
        assertThat(rules.isPublic("GET", "/login")).isTrue();
        assertThat(rules.isPublic("GET", "/assets/app.css")).isTrue();
        assertThat(rules.isPublic("POST", "/login")).isFalse();
        assertThat(rules.isPublic("GET", "/login/")).isFalse();
        assertThat(rules.isPublic("GET", "/assets/")).isFalse();
        assertThat(rules.isPublic("GET", "/assets/a/b")).isFalse();
        assertThat(rules.isPublic("GET", "/assets/..")).isFalse();
        assertThat(rules.isPublic("GET", "/assets/..%2Ftickets")).isFalse();
        assertThat(rules.isPublic("GET", "/tickets/1")).isFalse();
    }
}
