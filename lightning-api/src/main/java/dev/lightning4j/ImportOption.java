package dev.lightning4j;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The declaration of one import option: its TiDB Lightning TOML key path ({@code mydumper.csv.separator}), its
 * type, default, documentation, and how a value given as text is validated and applied to an
 * {@link ImportBuilder}. Every option is declared once, in {@link ImportOptions}; the builder's
 * {@link ImportBuilder#set(String, String)}, the TOML loader and the command line all read these declarations.
 */
public final class ImportOption {

    /** The kind of value an option takes. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A byte size: a whole number, optionally with a unit ({@code 96KiB}, {@code 256MiB}, {@code 1GB}). */
        SIZE,
        /** One of a fixed set of words. */
        ENUM,
        /** A list of texts (a TOML array, or a comma-separated text). */
        LIST,
        /** A TOML table or array of tables; given as text it is stored unparsed. */
        TABLE
    }

    /** Whether setting the option changes what an import does today. */
    public enum Status {
        /** The option is applied to the import. */
        APPLIED,
        /** Accepted and kept (under its key in {@link ImportConfig#options()}), but no module acts on it yet. */
        NOT_YET_APPLIED
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final List<String> choices;
    private final String doc;
    private final Status status;
    private final String cliFlag;
    private final BiConsumer<ImportBuilder, List<String>> applier;

    ImportOption(String key, Type type, String defaultValue, List<String> choices, String doc, Status status,
            String cliFlag, BiConsumer<ImportBuilder, List<String>> applier) {
        this.key = Objects.requireNonNull(key);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.choices = List.copyOf(choices);
        this.doc = Objects.requireNonNull(doc);
        this.status = Objects.requireNonNull(status);
        this.cliFlag = cliFlag;
        this.applier = applier;
    }

    /**
     * The TOML key path, as TiDB Lightning names it.
     *
     * @return the dotted key, for example {@code lightning.region-concurrency}
     */
    public String key() {
        return key;
    }

    /**
     * The kind of value.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * The default, as text for people to read.
     *
     * @return the default, or an empty text when there is none
     */
    public String defaultValue() {
        return defaultValue == null ? "" : defaultValue;
    }

    /**
     * The accepted words of an {@link Type#ENUM} option.
     *
     * @return the words, empty for other types
     */
    public List<String> choices() {
        return choices;
    }

    /**
     * What the option does.
     *
     * @return one or two sentences
     */
    public String doc() {
        return doc;
    }

    /**
     * Whether the option is applied today.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * The command-line flag that sets the same option.
     *
     * @return the flag ({@code --max-error}), or null when the command line has none
     */
    public String cliFlag() {
        return cliFlag;
    }

    /**
     * Validates values given as text and applies them to a builder.
     *
     * @param builder the builder to change
     * @param values  one value, or several for a {@link Type#LIST} option
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming this key when a value is not valid
     */
    public void apply(ImportBuilder builder, List<String> values) {
        Objects.requireNonNull(builder, "builder");
        if (values == null || values.isEmpty()) {
            throw invalid("needs a value");
        }
        if (type != Type.LIST && values.size() > 1) {
            throw invalid("takes one value, not a list of " + values.size());
        }
        for (String v : values) {
            validate(v);
        }
        if (status == Status.NOT_YET_APPLIED || applier == null) {
            builder.option(key, String.join(",", values));
            return;
        }
        try {
            applier.accept(builder, values);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private void validate(String v) {
        if (v == null) {
            throw invalid("must not be null");
        }
        switch (type) {
            case INTEGER -> parseLong(v);
            case BOOLEAN -> parseBoolean(v);
            case SIZE -> parseSize(v);
            case ENUM -> {
                if (!choices.contains(v.trim().toLowerCase(Locale.ROOT))) {
                    throw invalid("must be one of " + String.join(", ", choices) + ", not '" + v + "'");
                }
            }
            default -> {
            }
        }
    }

    /**
     * Reads a value of this option as a whole number, with the same rules and error as when it is set.
     *
     * @param v the value
     * @return the number
     * @throws ImportException ({@link ErrorCode#INVALID_OPTION}, naming the key) when it is not one
     */
    public long parseLong(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw invalid("must be a whole number, not '" + v + "'");
        }
    }

    int parseInt(String v) {
        long n = parseLong(v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw invalid("is out of range: " + v);
        }
        return (int) n;
    }

    /**
     * Reads a value of this option as a boolean ({@code true/yes/on/1}, {@code false/no/off/0}).
     *
     * @param v the value
     * @return the boolean
     * @throws ImportException ({@link ErrorCode#INVALID_OPTION}, naming the key) when it is neither
     */
    public boolean parseBoolean(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid("must be true or false, not '" + v + "'");
        };
    }

    /**
     * Reads a value of this option as a size in bytes ({@code 96KiB}, {@code 256MiB}, {@code 1.5GiB}, ...).
     *
     * @param v the value
     * @return the bytes
     * @throws ImportException ({@link ErrorCode#INVALID_OPTION}, naming the key) when it is not a size
     */
    public long parseSize(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT).replace("_", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw invalid("must be a size such as 96KiB or 256MiB, not '" + v + "'");
        }
        double n;
        try {
            n = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw invalid("must be a size such as 96KiB or 256MiB, not '" + v + "'");
        }
        long unit = switch (s.substring(i).trim()) {
            case "", "B" -> 1L;
            case "K", "KB", "KIB" -> 1L << 10;
            case "M", "MB", "MIB" -> 1L << 20;
            case "G", "GB", "GIB" -> 1L << 30;
            case "T", "TB", "TIB" -> 1L << 40;
            default -> throw invalid("has an unknown size unit in '" + v + "' (use B, KiB, MiB, GiB or TiB)");
        };
        return (long) (n * unit);
    }

    ImportException invalid(String message) {
        return new ImportException(ErrorCode.INVALID_OPTION, key + " " + message);
    }

    @Override
    public String toString() {
        return key + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }
}
