package dev.lightning4j;

import java.util.Locale;

/** How the connection to the target is encrypted (TiDB Lightning's {@code tidb.tls}). */
public enum TlsMode {
    /** Plain connections. */
    OFF("off"),
    /** TLS when the server offers it, without checking its certificate; plain otherwise. */
    PREFERRED("preferred"),
    /** TLS required, the server certificate not checked (Lightning's {@code skip-verify}). */
    REQUIRED("required"),
    /** TLS required; the server certificate must be signed by the given CA. */
    VERIFY_CA("verify-ca"),
    /** As {@link #VERIFY_CA}, and the certificate must name the host connected to. */
    VERIFY_FULL("verify-full");

    private final String label;

    TlsMode(String label) {
        this.label = label;
    }

    /**
     * The name as written in configuration.
     *
     * @return {@code off}, {@code preferred}, {@code required}, {@code verify-ca} or {@code verify-full}
     */
    public String label() {
        return label;
    }

    /**
     * Parses {@code off}, {@code preferred}, {@code required}, {@code verify-ca} or {@code verify-full}, and
     * Lightning's {@code tidb.tls} values: empty or {@code false} (off), {@code preferred}, {@code skip-verify}
     * (required) and {@code cluster} (verify-ca with the CA of {@code security.ca-path}).
     *
     * @param s the text, case-insensitive, {@code _} read as {@code -}; null means off
     * @return the mode
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} for any other text
     */
    public static TlsMode parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (v) {
            case "off", "false", "disabled", "" -> OFF;
            case "preferred", "true" -> PREFERRED;
            case "required", "skip-verify" -> REQUIRED;
            case "verify-ca", "cluster" -> VERIFY_CA;
            case "verify-full", "verify-identity" -> VERIFY_FULL;
            default -> throw new ImportException(ErrorCode.INVALID_OPTION, "tls must be off, preferred, required, verify-ca"
                    + " or verify-full, not '" + s + "'");
        };
    }
}
