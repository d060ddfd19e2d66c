package org.csirtgateway.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the team says about itself (RFC 2350): who it is, whom it serves, how to reach it, and which teams it works
 * with. Read from the team profile file ({@code profile.file}); rendered on the public site and used by triage.
 *
 * @param shortName            e.g. "EX-CSIRT"
 * @param mission              the mission statement
 * @param constituencyText     who the constituency is, in words
 * @param constituency         the constituency's networks, domains and AS numbers
 * @param publicKeys           the team's armored public key files (the first is published as /pgp-key.txt)
 * @param partners             teams reports are coordinated with
 * @param publication          what the public site says beyond the profile (security.txt fields)
 */
public record TeamProfile(
        String name,
        String shortName,
        Localized mission,
        Localized constituencyText,
        Contact contact,
        NetworkResources constituency,
        List<PublicKey> publicKeys,
        List<Partner> partners,
        Publication publication,
        Localized services,
        Localized disclosure) {

    public TeamProfile {
        publicKeys = List.copyOf(publicKeys);
        partners = List.copyOf(partners);
    }

    /**
     * How to reach the team.
     *
     * @param languages  ISO 639-1 codes, preferred first (security.txt Preferred-Languages)
     * @param timeZone   an IANA zone such as Asia/Tokyo
     */
    public record Contact(String email, String phone, String emergencyPhone, Localized hours, String timeZone,
                          List<String> languages, Localized postalAddress) {
        public Contact {
            languages = List.copyOf(languages);
        }
    }

    /** An armored OpenPGP public key of the team. */
    public record PublicKey(Path file, String fingerprint, String userId) {
    }

    /**
     * A team the gateway may suggest for coordination: responsible for {@code resources}.
     *
     * @param publicKey the partner's OpenPGP public key file, when known: every forward to the partner is then signed
     *                  and encrypted to it (checked at load to hold a key that can encrypt), or not sent at all
     */
    public record Partner(String name, String address, Path publicKey, NetworkResources resources) {
    }

    /**
     * What security.txt (RFC 9116) publishes besides Contact.
     *
     * @param baseUrl           the public site's URL as the world sees it, e.g. https://csirt.example.org
     * @param policyUrl         the Policy field; by default the RFC 2350 page
     * @param expiresAfterDays  Expires is computed at each request as now + this (1 to 364 days)
     */
    public record Publication(String baseUrl, String policyUrl, int expiresAfterDays, List<String> extraContacts) {
        public Publication {
            extraContacts = List.copyOf(extraContacts);
        }
    }

    public Optional<PublicKey> primaryKey() {
        return publicKeys.isEmpty() ? Optional.empty() : Optional.of(publicKeys.get(0));
    }

    public Optional<Partner> partner(String name) {
        return partners.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
