package io.natsj.auth.jwt;

import java.net.InetAddress;
import java.util.List;

/**
 * A user JWT's {@code src}: the CIDR blocks the user may connect from.
 */
final class SourceAddresses {

    /**
     * One CIDR block.
     *
     * @param network the network address bytes
     * @param prefix the prefix length in bits
     */
    record Cidr(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private SourceAddresses() {
    }

    /**
     * Reads {@code a.b.c.d/n} or an IPv6 block, as Go's {@code net.ParseCIDR} does (a literal
     * address and a prefix length, no host names).
     *
     * @param cidr the text
     * @return the block, or null when the text is not a CIDR
     */
    static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash <= 0 || slash == cidr.length() - 1) {
            return null;
        }
        String ip = cidr.substring(0, slash);
        String bits = cidr.substring(slash + 1);
        if (bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(ip);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int prefix = Integer.parseInt(bits);
        // An IPv4 address written in IPv6 form is read as IPv4, with the prefix shifted, as Go does.
        boolean v4Text = ip.indexOf(':') < 0;
        if (!v4Text && bytes.length == 4) {
            prefix -= 96;
        }
        if (prefix < 0 || prefix > bytes.length * 8 || (v4Text && bytes.length != 4)) {
            return null;
        }
        return new Cidr(bytes, prefix);
    }

    /**
     * @param src the JWT's CIDRs
     * @param address the client's address
     * @return true when {@code src} is empty or one of its blocks holds the address
     */
    static boolean allowed(List<String> src, InetAddress address) {
        if (src.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (String s : src) {
            Cidr c = parse(s);
            if (c == null) {
                return false; // a JWT with a bad CIDR does not validate; never reached after validate()
            }
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
