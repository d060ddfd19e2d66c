package org.csirtgateway.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.csirtgateway.ack.TeamIdentity;

/**
 * Reads the profile sections of the team profile file into a {@link TeamProfile}, validating every value and naming
 * the key path of the first wrong one. Team name and address default to the gateway's {@code team.*} keys.
 */
public final class TeamProfileLoader {

    /** security.txt's Expires must be less than a year ahead (RFC 9116 section 2.5.5 recommends it). */
    public static final int MAX_EXPIRES_DAYS = 364;

    private final TeamIdentity identity;

    public TeamProfileLoader(TeamIdentity identity) {
        this.identity = identity;
    }

    public TeamProfile load(ProfileFile file) {
        ProfileNode team = file.section("team").onlyKeys(Set.of("name", "shortName", "mission", "constituency",
                "services", "disclosure"));
        String name = team.get("name").text(identity.name());
        return new TeamProfile(
                name,
                team.get("shortName").text(name),
                team.get("mission").localized(false),
                team.get("constituency").localized(false),
                contact(file.section("contact")),
                resources(file.section("constituency")),
                publicKeys(file, file.section("publicKeys")),
                partners(file, file.section("partners")),
                publication(file.section("publication")),
                team.get("services").localized(false),
                team.get("disclosure").localized(false));
    }

    private TeamProfile.Contact contact(ProfileNode node) {
        node.onlyKeys(Set.of("email", "phone", "emergencyPhone", "hours", "timeZone", "languages", "postalAddress"));
        String email = node.get("email").text(identity.address());
        if (!email.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
            throw node.get("email").error("'" + email + "' is not an e-mail address");
        }
        String zone = node.get("timeZone").text("UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw node.get("timeZone").error("'" + zone + "' is not a time zone such as Asia/Tokyo or UTC");
        }
        List<String> languages = new ArrayList<>();
        List<ProfileNode> items = node.get("languages").list();
        for (ProfileNode item : items) {
            String language = item.requiredText().toLowerCase(java.util.Locale.ROOT);
            if (!language.matches("[a-z]{2,3}")) {
                throw item.error("'" + language + "' is not a language code such as en or ja");
            }
            languages.add(language);
        }
        if (languages.isEmpty()) {
            languages.add("en");
        }
        return new TeamProfile.Contact(email.toLowerCase(java.util.Locale.ROOT), node.get("phone").text(""),
                node.get("emergencyPhone").text(""), node.get("hours").localized(false), zone, languages,
                node.get("postalAddress").localized(false));
    }

    /** networks, domains and asns of a constituency or a partner. */
    static NetworkResources resources(ProfileNode node) {
        if (node.present() && !node.isMapping()) {
            throw node.error("must be a mapping with networks, domains and asns");
        }
        if (node.path().equals("constituency")) {
            node.onlyKeys(Set.of("networks", "domains", "asns"));
        }
        List<IpNetwork> networks = new ArrayList<>();
        for (ProfileNode item : node.get("networks").list()) {
            String text = item.requiredText();
            networks.add(IpNetwork.parse(text).orElseThrow(() -> item.error("'" + text
                    + "' is not a CIDR network such as 192.0.2.0/24 or 2001:db8::/32")));
        }
        List<DomainName> domains = new ArrayList<>();
        for (ProfileNode item : node.get("domains").list()) {
            String text = item.requiredText();
            domains.add(DomainName.parse(text).orElseThrow(() -> item.error("'" + text
                    + "' is not a domain name such as example.jp")));
        }
        List<Long> asns = new ArrayList<>();
        for (ProfileNode item : node.get("asns").list()) {
            String text = item.requiredText();
            asns.add(NetworkResources.parseAsn(text).orElseThrow(() -> item.error("'" + text
                    + "' is not an AS number such as AS64500")));
        }
        return new NetworkResources(networks, domains, asns);
    }

    private static List<TeamProfile.PublicKey> publicKeys(ProfileFile file, ProfileNode node) {
        List<TeamProfile.PublicKey> keys = new ArrayList<>();
        for (ProfileNode item : node.list()) {
            item.onlyKeys(Set.of("file", "fingerprint", "userId"));
            Path path = existingFile(file, item.get("file"));
            String armored;
            try {
                armored = Files.readString(path, java.nio.charset.StandardCharsets.US_ASCII);
            } catch (java.io.IOException | RuntimeException e) {
                throw item.get("file").error("cannot read " + path + ": " + e.getMessage());
            }
            // This file is published to the world: a secret key here would be a disaster, so refuse it.
            if (armored.contains("PRIVATE KEY BLOCK") || !armored.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
                throw item.get("file").error(path + " is not an armored OpenPGP public key (only a PUBLIC KEY "
                        + "BLOCK may be published)");
            }
            String fingerprint = item.get("fingerprint").text("").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
            if (!fingerprint.isEmpty() && !fingerprint.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
                throw item.get("fingerprint").error("must be 40 or 64 hexadecimal digits");
            }
            keys.add(new TeamProfile.PublicKey(path, fingerprint, item.get("userId").text("")));
        }
        return keys;
    }

    private static List<TeamProfile.Partner> partners(ProfileFile file, ProfileNode node) {
        List<TeamProfile.Partner> partners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ProfileNode item : node.list()) {
            item.onlyKeys(Set.of("name", "address", "publicKey", "networks", "domains", "asns"));
            String name = item.get("name").requiredText();
            if (!names.add(name)) {
                throw item.get("name").error("'" + name + "' is listed twice");
            }
            String address = item.get("address").requiredText();
            if (!address.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
                throw item.get("address").error("'" + address + "' is not an e-mail address");
            }
            Path key = item.get("publicKey").present() ? partnerKey(file, item.get("publicKey")) : null;
            partners.add(new TeamProfile.Partner(name, address.toLowerCase(java.util.Locale.ROOT), key,
                    resources(item)));
        }
        return partners;
    }

    /** A partner's key file: it must hold a public key that can encrypt, since every forward is encrypted to it. */
    private static Path partnerKey(ProfileFile file, ProfileNode node) {
        Path path = existingFile(file, node);
        org.bouncycastle.openpgp.api.OpenPGPCertificate certificate;
        try {
            certificate = new org.bouncycastle.openpgp.api.OpenPGPKeyReader().parseCertificate(Files.readAllBytes(path));
        } catch (java.io.IOException | RuntimeException e) {
            throw node.error(path + " is not an OpenPGP public key: " + e.getMessage());
        }
        if (certificate.getEncryptionKeys().isEmpty()) {
            throw node.error(path + " has no usable encryption key (expired, revoked or sign-only); forwards to this "
                    + "partner would have to go out in clear");
        }
        return path;
    }

    private static TeamProfile.Publication publication(ProfileNode node) {
        node.onlyKeys(Set.of("baseUrl", "policyUrl", "expiresAfterDays", "extraContacts"));
        String baseUrl = node.get("baseUrl").text("");
        if (!baseUrl.isEmpty() && !baseUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw node.get("baseUrl").error("'" + baseUrl + "' is not a URL such as https://csirt.example.org");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        int days = node.get("expiresAfterDays").integer(180);
        if (days < 1 || days > MAX_EXPIRES_DAYS) {
            throw node.get("expiresAfterDays").error("must be 1 to " + MAX_EXPIRES_DAYS
                    + " (RFC 9116: Expires less than a year ahead), got " + days);
        }
        List<String> extra = new ArrayList<>();
        for (ProfileNode item : node.get("extraContacts").list()) {
            String uri = item.requiredText();
            if (!uri.matches("(mailto:|tel:|https://)\\S+")) {
                throw item.error("'" + uri + "' must be a mailto:, tel: or https:// URI");
            }
            extra.add(uri);
        }
        return new TeamProfile.Publication(baseUrl, node.get("policyUrl").text(""), days, extra);
    }

    private static Path existingFile(ProfileFile file, ProfileNode node) {
        Path path = file.resolve(node.requiredText());
        if (!Files.isRegularFile(path)) {
            throw node.error("file " + path + " does not exist");
        }
        return path;
    }
}
