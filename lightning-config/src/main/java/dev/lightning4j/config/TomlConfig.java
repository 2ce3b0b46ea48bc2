package dev.lightning4j.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportOption;
import dev.lightning4j.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TiDB Lightning configuration file ({@code tidb-lightning.toml}) read against the option declarations of
 * {@link ImportOptions}. Every key must be declared: a mistyped key fails naming it and the closest known key.
 * Keys whose feature is not implemented yet are accepted, kept as builder options, and listed in
 * {@link #warnings()} as {@code accepted, not yet applied: <key>}.
 *
 * <pre>{@code
 * TomlConfig toml = TomlConfig.load(Path.of("tidb-lightning.toml"));
 * toml.warnings().forEach(System.err::println);
 * ImportResult result = toml.applyTo(ImportBuilder.create()).run();
 * }</pre>
 */
public final class TomlConfig {
    private static final TomlMapper MAPPER = new TomlMapper();

    private final String name;
    private final Map<String, List<String>> values;

    private TomlConfig(String name, Map<String, List<String>> values) {
        this.name = name;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Reads and checks a TOML file.
     *
     * @param file the file
     * @return the configuration
     * @throws ImportException {@link ErrorCode#INVALID_OPTION} naming the file and the key when a key is unknown
     *                         or the TOML is malformed, {@link ErrorCode#SOURCE_READ} when it cannot be read
     */
    public static TomlConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the configuration file: " + e.getMessage(),
                    file.toString(), -1, null, null, e);
        }
        return parse(text, file.toString());
    }

    /**
     * Reads and checks TOML text.
     *
     * @param toml the text
     * @param name where it came from, named in errors
     * @return the configuration
     * @throws ImportException {@link ErrorCode#INVALID_OPTION} when a key is unknown, a value has the wrong
     *                         shape, or the TOML is malformed
     */
    public static TomlConfig parse(String toml, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(toml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ImportException(ErrorCode.INVALID_OPTION, "malformed TOML"
                    + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() : "") + ": "
                    + e.getOriginalMessage(), name, at == null ? -1 : at.getCharOffset(), null, null, e);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (root instanceof ObjectNode object) {
            flatten("", object, values, name);
        }
        return new TomlConfig(name, values);
    }

    private static void flatten(String prefix, ObjectNode node, Map<String, List<String>> out, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = prefix + e.getKey();
            JsonNode value = e.getValue();
            ImportOption declared = ImportOptions.find(key).orElse(null);
            if (declared != null && declared.type() == ImportOption.Type.TABLE) {
                out.put(declared.key(), List.of(value.toString()));
            } else if (value.isObject()) {
                if (declared != null && !key.equals("lightning.max-error")) {
                    throw shape(name, key, "a value, not a table");
                }
                flatten(key + ".", (ObjectNode) value, out, name);
            } else if (declared == null) {
                throw new ImportException(ErrorCode.INVALID_OPTION, ImportOptions.unknown(key).reason(), name, -1,
                        null, null, null);
            } else if (value.isArray()) {
                if (declared.type() != ImportOption.Type.LIST) {
                    throw shape(name, key, "one value, not an array");
                }
                List<String> list = new ArrayList<>();
                for (JsonNode item : value) {
                    if (item.isContainerNode()) {
                        throw shape(name, key, "an array of texts");
                    }
                    list.add(item.asText());
                }
                out.put(declared.key(), list);
            } else {
                out.put(declared.key(), List.of(value.asText()));
            }
        }
    }

    private static ImportException shape(String name, String key, String wanted) {
        return new ImportException(ErrorCode.INVALID_OPTION, key + " must be " + wanted, name, -1, null, null, null);
    }

    /**
     * The options read, by declared key, in file order.
     *
     * @return keys and their values (several for a list)
     */
    public Map<String, List<String>> values() {
        return values;
    }

    /**
     * One line for each key that was accepted but whose feature is not implemented yet.
     *
     * @return lines {@code accepted, not yet applied: <key>}
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String key : ImportOptions.notYetApplied(values.keySet())) {
            out.add("accepted, not yet applied: " + key);
        }
        return out;
    }

    /**
     * Applies every option to a builder, through the declarations; later calls on the builder override them.
     *
     * @param builder the builder
     * @return the same builder
     * @throws ImportException {@link ErrorCode#INVALID_OPTION} naming the key and the file when a value is not
     *                         valid
     */
    public ImportBuilder applyTo(ImportBuilder builder) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            try {
                if (TableOptions.KEYS.contains(e.getKey())) {
                    TableOptions.apply(builder, e.getKey(), e.getValue().get(0));
                    continue;
                }
                builder.set(e.getKey(), e.getValue());
            } catch (ImportException ex) {
                throw new ImportException(ex.code(), ex.reason(), name, -1, null, null, ex);
            }
        }
        return builder;
    }

    @Override
    public String toString() {
        return "TomlConfig{" + name + ", " + values.size() + " options}";
    }
}
