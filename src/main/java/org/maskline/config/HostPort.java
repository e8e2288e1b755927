package org.maskline.config;

/** A listen address: host (name, IPv4, or IPv6 without brackets) and port (0 picks a free one). */
public record HostPort(String host, int port) {
    /** Parses {@code host:port} or {@code [v6]:port}. @throws IllegalArgumentException with the reason */
    public static HostPort parse(String s) {
        String shown = "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s).replaceAll("\\p{Cntrl}", "?") + "'";
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [ipv6]:port, got " + shown);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("expected host:port, got " + shown);
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in " + shown);
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port out of range in " + shown);
        }
        return new HostPort(host, p);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
