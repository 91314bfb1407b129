package io.outputcache.internal.http;

import java.util.Locale;

/** Reads {@code Accept-Encoding} (RFC 9110 §12.5.3) for the one question the filter asks: may it send gzip? */
public final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /**
     * True when gzip is acceptable: listed (or covered by {@code *}) with a non-zero weight. An absent field
     * gets identity: RFC 9110 would allow any coding, but old clients that send nothing cannot be trusted with gzip.
     */
    public static boolean acceptsGzip(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        Boolean gzip = null;
        Boolean star = null;
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean acceptable = weight(parts) > 0;
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? acceptable : gzip || acceptable;
            } else if (coding.equals("*")) {
                star = acceptable;
            }
        }
        if (gzip != null) {
            return gzip;
        }
        return star != null && star;
    }

    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0; // a weight we cannot read is no consent
                }
            }
        }
        return 1;
    }
}
