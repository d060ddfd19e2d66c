package org.csirtgateway.health;

/** Something that can tell the gateway's current health. */
@FunctionalInterface
public interface HealthSource {
    HealthReport report();
}
