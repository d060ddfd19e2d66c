package org.csirtgateway.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NetworkResourcesTest {

    private final NetworkResources resources = new NetworkResources(
            List.of(IpNetwork.parse("192.0.2.0/24").orElseThrow(), IpNetwork.parse("192.0.2.128/25").orElseThrow(),
                    IpNetwork.parse("2001:db8:100::/48").orElseThrow()),
            List.of(DomainName.parse("example.ac.jp").orElseThrow()),
            List.of(64500L));

    @Test
    void anAddressInsideANetworkMatchesTheMostSpecificNetwork() {
        assertThat(resources.networkOf("192.0.2.10")).map(IpNetwork::toString).hasValue("192.0.2.0/24");
        assertThat(resources.networkOf("192.0.2.200")).map(IpNetwork::toString).hasValue("192.0.2.128/25");
        assertThat(resources.networkOf("192.0.3.1")).isEmpty();
    }

    @Test
    void ipv6AddressesMatchIpv6NetworksOnly() {
        assertThat(resources.match("ipv6", "2001:db8:100:5::1")).hasValue("2001:db8:100::/48");
        assertThat(resources.match("ipv6", "2001:db8:101::1")).isEmpty();
        // An IPv4-mapped IPv6 address is the IPv4 host it maps.
        assertThat(resources.match("ipv6", "::ffff:192.0.2.1")).hasValue("192.0.2.0/24");
    }

    @Test
    void domainsMatchOnLabelBoundariesOnly() {
        assertThat(resources.match("domain", "example.ac.jp")).hasValue("example.ac.jp");
        assertThat(resources.match("domain", "www.cs.Example.AC.JP.")).hasValue("example.ac.jp");
        assertThat(resources.match("domain", "badexample.ac.jp")).isEmpty();
        assertThat(resources.match("domain", "example.ac.jp.evil.example")).isEmpty();
    }

    @Test
    void asNumbersMatchOnlyWhenAnIndicatorCarriesOne() {
        assertThat(resources.match("asn", "AS64500")).hasValue("AS64500");
        assertThat(resources.match("asn", "64501")).isEmpty();
    }

    @Test
    void invalidNetworksAreRefused() {
        assertThat(IpNetwork.parse("10.0.0.0/33")).isEmpty();
        assertThat(IpNetwork.parse("2001:db8::/129")).isEmpty();
        assertThat(IpNetwork.parse("300.1.1.1/8")).isEmpty();
        assertThat(IpNetwork.parse("example.org/24")).isEmpty();
        assertThat(IpNetwork.parse("10.0.0.0/8")).isPresent();
    }
}
