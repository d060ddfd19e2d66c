package org.csirtgateway.ui.web;

/** An error shown as a page: the status and a message meant for the user (escaped on output). */
public record ErrorPage(Chrome chrome, int status, String message) {
}
