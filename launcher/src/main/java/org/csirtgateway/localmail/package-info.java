/**
 * Mail servers the gateway runs against on loopback outside production: a real Dovecot with a private CA, started by
 * the benchmark ({@code bench}, phase 2c) and by {@code DovecotIT}.
 */
package org.csirtgateway.localmail;
