package org.csirtgateway.triage;

/**
 * An indicator and where it belongs.
 *
 * @param scope   ours | outside | n/a (for kinds that name no place on the network)
 * @param matched the constituency entry that made it ours ("192.0.2.0/24"), or the partner's entry that covers it
 * @param partner the partner team responsible for it when it is outside and a partner covers it, else null
 */
public record ScopedIndicator(Indicator indicator, String scope, String matched, String partner) {

    public static final String OURS = "ours";
    public static final String OUTSIDE = "outside";
    public static final String NOT_APPLICABLE = "n/a";
}
