package org.csirtgateway.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.csirtgateway.index.Indicator;

/**
 * The parser's indicators (the report reader's extractor: body, forwarded evidence and its headers, text attachments, report
 * fields) in the index's exact-match fields: addresses and networks under {@code ip}, the three hash kinds under
 * {@code hash}; everything else keeps its name.
 */
public final class ExtractedIndicators {

    private ExtractedIndicators() {
    }

    public static List<Indicator> forIndex(List<org.csirtgateway.indicator.Indicator> extracted) {
        Set<Indicator> indexed = new LinkedHashSet<>();
        for (org.csirtgateway.indicator.Indicator found : extracted) {
            String field = switch (found.type()) {
                case org.csirtgateway.indicator.Indicator.IPV4, org.csirtgateway.indicator.Indicator.IPV6,
                        org.csirtgateway.indicator.Indicator.CIDR -> Indicator.IP;
                case org.csirtgateway.indicator.Indicator.MD5, org.csirtgateway.indicator.Indicator.SHA1,
                        org.csirtgateway.indicator.Indicator.SHA256 -> Indicator.HASH;
                case org.csirtgateway.indicator.Indicator.DOMAIN -> Indicator.DOMAIN;
                case org.csirtgateway.indicator.Indicator.URL -> Indicator.URL;
                case org.csirtgateway.indicator.Indicator.EMAIL -> Indicator.EMAIL;
                case org.csirtgateway.indicator.Indicator.CVE -> Indicator.CVE;
                default -> null;
            };
            if (field != null) {
                indexed.add(new Indicator(field, found.value()));
            }
        }
        return List.copyOf(indexed);
    }
}
