package org.csirtgateway.ui.auth;

/** No user (or API token of that user) with the given id or name. */
public final class AccountNotFound extends IllegalArgumentException {

    AccountNotFound(String message) {
        super(message);
    }
}
