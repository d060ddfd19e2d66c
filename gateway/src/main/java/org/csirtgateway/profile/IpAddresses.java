package org.csirtgateway.profile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS: IPv4 is parsed here, and only text with a colon (which
 * {@link InetAddress} treats as an IPv6 literal, never as a host name) reaches the JDK.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address bytes (4 or 16), or empty when {@code text} is not an IP literal. */
    public static Optional<byte[]> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (IPV4.matcher(value).matches()) {
            String[] parts = value.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(bytes);
        }
        if (value.indexOf(':') >= 0 && IPV6_CHARS.matcher(value).matches() && value.length() <= 45) {
            try {
                byte[] bytes = InetAddress.getByName(value).getAddress();
                return Optional.of(bytes);
            } catch (UnknownHostException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
