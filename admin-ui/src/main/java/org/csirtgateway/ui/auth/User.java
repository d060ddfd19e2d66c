package org.csirtgateway.ui.auth;

/** A person (or robot holding an API token) who may use the admin UI and API. */
public record User(long id, String name, Role role) {
}
