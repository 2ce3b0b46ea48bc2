package dev.lightning4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options, checked against the names a program knows. */
final class BenchArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    private BenchArgs() {
    }

    static BenchArgs parse(String[] args, Set<String> known, String usage) {
        BenchArgs parsed = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new IllegalArgumentException(usage);
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                name = arg.substring(2);
                value = args[++i];
            } else {
                throw new IllegalArgumentException("expected --option value, got '" + arg + "'\n" + usage);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + usage);
            }
            parsed.values.put(name, value);
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    long getLong(String name, long defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
        }
    }

    int getInt(String name, int defaultValue) {
        return Math.toIntExact(getLong(name, defaultValue));
    }
}
