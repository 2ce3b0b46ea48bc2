package dev.lightning4j.cli;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The checkpoint flags, and what {@code tidb-lightning-ctl} does with checkpoints. */
final class CheckpointCommands {
    private static final List<String> COMMANDS = List.of("--checkpoint-dump", "--checkpoint-error-destroy",
            "--checkpoint-error-ignore", "--checkpoint-remove");

    private final PrintStream out;
    private final PrintStream err;

    CheckpointCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static boolean requested(CliArguments a) {
        return COMMANDS.stream().anyMatch(a::has);
    }

    /** Runs the one command given; returns the exit status. */
    int run(CliArguments a, ImportBuilder b) {
        long given = COMMANDS.stream().filter(a::has).count();
        if (given > 1) {
            err.println("lightning: give one of " + String.join(", ", COMMANDS) + " at a time");
            return 2;
        }
        try (Checkpoints cp = b.checkpoints()) {
            if (a.has("--checkpoint-dump")) {
                out.print(cp.dump());
            } else if (a.has("--checkpoint-error-destroy")) {
                report("destroyed", cp.destroyErrors(a.get("--checkpoint-error-destroy", "all")));
            } else if (a.has("--checkpoint-error-ignore")) {
                report("cleared the failure of", cp.ignoreErrors(a.get("--checkpoint-error-ignore", "all")));
            } else {
                report("removed the checkpoints of", cp.remove(a.get("--checkpoint-remove", "all")));
            }
            // Work a backend kept in the removed checkpoints (indexes dropped by add-index-by-sql) is now the user's.
            for (String work : cp.pendingWork()) {
                out.println("warning: " + work);
            }
            return 0;
        } catch (ImportException e) {
            err.println("lightning: " + e.getMessage());
            return e.code() == dev.lightning4j.ErrorCode.INVALID_OPTION ? 2 : 1;
        }
    }

    private void report(String what, List<TableName> tables) {
        if (tables.isEmpty()) {
            out.println("no table matched");
        }
        for (TableName t : tables) {
            out.println(what + " " + t);
        }
    }
}
