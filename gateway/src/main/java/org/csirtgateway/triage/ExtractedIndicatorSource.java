package org.csirtgateway.triage;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import org.csirtgateway.parse.ParsedReport;

/**
 * Triage's indicators are the parser's (the extractor, which already refangs, checks the public suffix list and
 * leaves out the team's own and allowlisted addresses): each is given the part that decides its scope.
 */
public final class ExtractedIndicatorSource implements IndicatorSource {

    @Override
    public List<Indicator> indicatorsOf(ParsedReport report) {
        LinkedHashSet<Indicator> found = new LinkedHashSet<>();
        for (org.csirtgateway.indicator.Indicator extracted : report.details().indicators()) {
            found.add(new Indicator(extracted.type(), extracted.value(), hostOf(extracted)));
        }
        return new ArrayList<>(found);
    }

    private static String hostOf(org.csirtgateway.indicator.Indicator indicator) {
        String value = indicator.value();
        return switch (indicator.type()) {
            case org.csirtgateway.indicator.Indicator.EMAIL -> value.substring(value.lastIndexOf('@') + 1);
            case org.csirtgateway.indicator.Indicator.URL -> urlHost(value);
            case org.csirtgateway.indicator.Indicator.CIDR -> value.contains("/")
                    ? value.substring(0, value.indexOf('/')) : value;
            default -> value;
        };
    }

    private static String urlHost(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
