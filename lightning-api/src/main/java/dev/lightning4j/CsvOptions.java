package dev.lightning4j;

import java.util.List;
import java.util.Objects;

/**
 * CSV options with TiDB Lightning's names and defaults ({@code [mydumper.csv]}).
 *
 * @param separator        field separator, one or more characters (default {@code ,})
 * @param delimiter        quoting character(s); empty means fields are never quoted (default {@code "})
 * @param terminator       line terminator; empty means {@code \n} or {@code \r\n} (default empty)
 * @param header           whether the first line of each file is a header (default true)
 * @param headerSchemaMatch when true a header maps columns by name, otherwise it is skipped (default true)
 * @param nullValues       field texts that mean NULL (default {@code \N}); a quoted {@code \N} is NULL too
 * @param backslashEscape  whether {@code \} escapes the next character (default true)
 * @param notNull          when true no field is ever NULL (default false)
 * @param escapedBy        the escape character, empty for none; as in Lightning it is {@code \} when
 *                         {@code backslashEscape} is on and nothing else is given, and a {@code \} is dropped
 *                         when {@code backslashEscape} is off
 * @param trimLastSeparator when true a separator at the end of a line ends the row instead of opening an empty
 *                         last field (Lightning's deprecated {@code trim-last-separator}; default false)
 */
public record CsvOptions(String separator, String delimiter, String terminator, boolean header,
        boolean headerSchemaMatch, List<String> nullValues, boolean backslashEscape, boolean notNull,
        String escapedBy, boolean trimLastSeparator) {

    /** Lightning's defaults: {@code ,} separated, {@code "} quoted, a header, {@code \N} for NULL, {@code \} escapes. */
    public static final CsvOptions DEFAULT = new CsvOptions(",", "\"", "", true, true, List.of("\\N"), true, false);

    /**
     * The options before {@code escaped-by} and {@code trim-last-separator} existed: the escape follows
     * {@code backslashEscape} and a trailing separator opens an empty field.
     *
     * @param separator         field separator, one or more characters
     * @param delimiter         quoting character(s); empty means fields are never quoted
     * @param terminator        line terminator; empty means {@code \n} or {@code \r\n}
     * @param header            whether the first line of each file is a header
     * @param headerSchemaMatch when true a header maps columns by name, otherwise it is skipped
     * @param nullValues        field texts that mean NULL
     * @param backslashEscape   whether {@code \} escapes the next character
     * @param notNull           when true no field is ever NULL
     * @throws IllegalArgumentException when the options contradict each other, as for the canonical constructor
     */
    public CsvOptions(String separator, String delimiter, String terminator, boolean header,
            boolean headerSchemaMatch, List<String> nullValues, boolean backslashEscape, boolean notNull) {
        this(separator, delimiter, terminator, header, headerSchemaMatch, nullValues, backslashEscape, notNull, "",
                false);
    }

    /**
     * Checks the options and derives the escape character from {@code backslashEscape} where none is given.
     *
     * @param separator         field separator, one or more characters
     * @param delimiter         quoting character(s); empty means fields are never quoted
     * @param terminator        line terminator; empty means {@code \n} or {@code \r\n}
     * @param header            whether the first line of each file is a header
     * @param headerSchemaMatch when true a header maps columns by name, otherwise it is skipped
     * @param nullValues        field texts that mean NULL
     * @param backslashEscape   whether {@code \} escapes the next character
     * @param notNull           when true no field is ever NULL
     * @param escapedBy         the escape character, empty or null for the default
     * @param trimLastSeparator when true a separator at the end of a line ends the row
     * @throws IllegalArgumentException when the separator is empty, the escape is longer than one byte, or the
     *                                  separator, delimiter, terminator and escape clash
     * @throws NullPointerException     when the separator, delimiter, terminator or null values are null
     */
    public CsvOptions {
        escapedBy = escapedBy == null ? "" : escapedBy;
        if (backslashEscape && escapedBy.isEmpty()) {
            escapedBy = "\\";
        } else if (!backslashEscape && escapedBy.equals("\\")) {
            escapedBy = "";
        }
        if (escapedBy.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1) {
            // as Lightning, which counts bytes: the scanners match the escape as one byte
            throw new IllegalArgumentException("csv.escaped-by must be empty or a single one-byte character, not '"
                    + escapedBy + "'");
        }
        if (!escapedBy.isEmpty() && (escapedBy.equals(separator) || escapedBy.equals(delimiter)
                || escapedBy.equals(terminator))) {
            throw new IllegalArgumentException("csv.escaped-by '" + escapedBy
                    + "' must differ from the separator, delimiter and terminator");
        }
        Objects.requireNonNull(separator, "csv.separator");
        Objects.requireNonNull(delimiter, "csv.delimiter");
        Objects.requireNonNull(terminator, "csv.terminator");
        nullValues = List.copyOf(Objects.requireNonNull(nullValues, "csv.null"));
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("csv.separator must not be empty");
        }
        if (!delimiter.isEmpty() && separator.startsWith(delimiter)) {
            throw new IllegalArgumentException(
                    "csv.separator '" + separator + "' and csv.delimiter '" + delimiter + "' must differ");
        }
        if (!terminator.isEmpty() && (terminator.startsWith(separator) || separator.startsWith(terminator))) {
            throw new IllegalArgumentException(
                    "csv.terminator must differ from csv.separator '" + separator + "'");
        }
    }

    /**
     * A builder starting from {@link #DEFAULT}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /**
     * A builder starting from these options, to change a few.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fluent builder for {@link CsvOptions}. */
    public static final class Builder {
        private String separator;
        private String delimiter;
        private String terminator;
        private boolean header;
        private boolean headerSchemaMatch;
        private List<String> nullValues;
        private boolean backslashEscape;
        private boolean notNull;
        private String escapedBy;
        private boolean trimLastSeparator;

        private Builder(CsvOptions o) {
            separator = o.separator;
            delimiter = o.delimiter;
            terminator = o.terminator;
            header = o.header;
            headerSchemaMatch = o.headerSchemaMatch;
            nullValues = o.nullValues;
            backslashEscape = o.backslashEscape;
            notNull = o.notNull;
            escapedBy = o.escapedBy;
            trimLastSeparator = o.trimLastSeparator;
        }

        /**
         * The field separator ({@code separator}), one or more characters.
         *
         * @param v the separator
         * @return this builder
         */
        public Builder separator(String v) { separator = v; return this; }
        /**
         * The quoting character(s) ({@code delimiter}); empty means fields are never quoted.
         *
         * @param v the delimiter
         * @return this builder
         */
        public Builder delimiter(String v) { delimiter = v; return this; }
        /**
         * The line terminator ({@code terminator}); empty means {@code \n} or {@code \r\n}.
         *
         * @param v the terminator
         * @return this builder
         */
        public Builder terminator(String v) { terminator = v; return this; }
        /**
         * Whether the first line of each file is a header ({@code header}).
         *
         * @param v true when files start with a header
         * @return this builder
         */
        public Builder header(boolean v) { header = v; return this; }
        /**
         * Whether a header maps columns by name ({@code header-schema-match}); otherwise it is skipped.
         *
         * @param v true to map by name
         * @return this builder
         */
        public Builder headerSchemaMatch(boolean v) { headerSchemaMatch = v; return this; }
        /**
         * The field texts that mean NULL ({@code null}).
         *
         * @param v the texts; none means no text is NULL
         * @return this builder
         */
        public Builder nullValues(String... v) { nullValues = List.of(v); return this; }
        /**
         * The field texts that mean NULL ({@code null}).
         *
         * @param v the texts, not null
         * @return this builder
         */
        public Builder nullValues(List<String> v) { nullValues = v; return this; }
        /**
         * Whether {@code \} escapes the next character ({@code backslash-escape}). Turning escapes off also drops
         * a {@code \\} escape; another {@link #escapedBy} stays.
         *
         * @param v true to read backslash escapes
         * @return this builder
         */
        public Builder backslashEscape(boolean v) {
            backslashEscape = v;
            if (!v && "\\".equals(escapedBy)) {
                escapedBy = "";
            } else if (v && (escapedBy == null || escapedBy.isEmpty())) {
                escapedBy = "\\";
            }
            return this;
        }
        /**
         * The escape character ({@code escaped-by}), empty for none.
         *
         * @param v a single one-byte character, or empty
         * @return this builder
         */
        public Builder escapedBy(String v) { escapedBy = v; return this; }
        /**
         * Whether a separator at the end of a line ends the row ({@code trim-last-separator}).
         *
         * @param v true to drop the empty last field
         * @return this builder
         */
        public Builder trimLastSeparator(boolean v) { trimLastSeparator = v; return this; }
        /**
         * Whether no field is ever NULL ({@code not-null}): no text is read as NULL, the {@link #nullValues} included.
         *
         * @param v true when no field is NULL
         * @return this builder
         */
        public Builder notNull(boolean v) { notNull = v; return this; }

        /**
         * The options.
         *
         * @return new options
         * @throws IllegalArgumentException when the options contradict each other
         */
        public CsvOptions build() {
            return new CsvOptions(separator, delimiter, terminator, header, headerSchemaMatch, nullValues,
                    backslashEscape, notNull, escapedBy, trimLastSeparator);
        }
    }
}
