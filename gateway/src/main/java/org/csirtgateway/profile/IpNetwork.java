package org.csirtgateway.profile;

import java.util.Optional;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
public final class IpNetwork {

    private final String text;
    private final byte[] base;
    private final int prefix;

    private IpNetwork(String text, byte[] base, int prefix) {
        this.text = text;
        this.base = base;
        this.prefix = prefix;
    }

    /** Parses CIDR notation; a bare address is a single-host network (/32 or /128). Empty when not a network. */
    public static Optional<IpNetwork> parse(String cidr) {
        if (cidr == null) {
            return Optional.empty();
        }
        String value = cidr.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        Optional<byte[]> bytes = IpAddresses.parse(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int bits = bytes.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            if (!length.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpNetwork(value, mask(bytes.get(), prefix), prefix));
    }

    /** Whether the address {@code ip} (a literal) lies in this network. */
    public boolean contains(String ip) {
        return IpAddresses.parse(ip).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] address) {
        if (address.length != base.length) {
            return false;
        }
        byte[] masked = mask(address, prefix);
        return java.util.Arrays.equals(masked, base);
    }

    /** Prefix length: a longer prefix is a more specific match. */
    public int prefixLength() {
        return prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            int keep = bitsHere == 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
            result[i] = (byte) (result[i] & keep);
        }
        return result;
    }

    @Override
    public String toString() {
        return text;
    }
}
