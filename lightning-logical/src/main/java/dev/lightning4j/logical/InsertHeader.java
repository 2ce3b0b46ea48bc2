package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.TargetColumn;
import java.util.List;

/** The part of a multi-row statement before the first tuple, e.g. {@code INSERT INTO `db`.`t` (`a`,`b`) VALUES }. */
final class InsertHeader {
    private InsertHeader() {
    }

    static String of(TableName table, List<TargetColumn> columns, ConflictStrategy strategy) {
        StringBuilder sb = new StringBuilder(64 + columns.size() * 16);
        sb.append(switch (strategy) {
            case ERROR -> "INSERT INTO ";
            case REPLACE -> "REPLACE INTO ";
            case IGNORE -> "INSERT IGNORE INTO ";
        });
        sb.append(table.quoted()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(TableName.quote(columns.get(i).name()));
        }
        return sb.append(") VALUES ").toString();
    }
}
