package org.csirtgateway.profile;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The networks, domains and autonomous systems someone (our constituency, or a partner team) is responsible for.
 * Each match answers with the entry that matched, so the analyst can see why; the most specific entry wins.
 */
public record NetworkResources(List<IpNetwork> networks, List<DomainName> domains, List<Long> asns) {

    public static final NetworkResources NONE = new NetworkResources(List.of(), List.of(), List.of());

    private static final java.util.regex.Pattern ASN_DIGITS = java.util.regex.Pattern.compile("\\d{1,10}");

    public NetworkResources {
        networks = List.copyOf(networks);
        domains = List.copyOf(domains);
        asns = List.copyOf(asns);
    }

    public boolean isEmpty() {
        return networks.isEmpty() && domains.isEmpty() && asns.isEmpty();
    }

    /** The most specific network holding the IP literal {@code ip}. */
    public Optional<IpNetwork> networkOf(String ip) {
        return IpAddresses.parse(ip).flatMap(bytes -> networks.stream()
                .filter(network -> network.contains(bytes))
                .max(Comparator.comparingInt(IpNetwork::prefixLength)));
    }

    /** The most specific domain covering {@code host} (a domain, or the host of a URL or address). */
    public Optional<DomainName> domainOf(String host) {
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        // the host normalised once for all domains (IDN conversion and a pattern), as each one's covers() would
        return DomainName.normalise(host).flatMap(normalised -> domains.stream()
                .filter(domain -> domain.coversNormalised(normalised))
                .max(Comparator.comparingInt(DomainName::labels)));
    }

    public boolean hasAsn(long asn) {
        return asns.contains(asn);
    }

    /** The entry covering an indicator value of the given kind, as text ("192.0.2.0/24", "example.jp", "AS64500"). */
    public Optional<String> match(String kind, String value) {
        return switch (kind) {
            case "ipv4", "ipv6" -> networkOf(value).map(IpNetwork::toString);
            case "asn" -> parseAsn(value).filter(this::hasAsn).map(asn -> "AS" + asn);
            default -> domainOf(value).map(DomainName::name);
        };
    }

    /** "AS64500", "as64500" or "64500" as a number. */
    public static Optional<Long> parseAsn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.regionMatches(true, 0, "AS", 0, 2)) {
            value = value.substring(2);
        }
        if (!ASN_DIGITS.matcher(value).matches()) {
            return Optional.empty();
        }
        long asn = Long.parseLong(value);
        return asn > 0 && asn <= 4_294_967_295L ? Optional.of(asn) : Optional.empty();
    }
}
