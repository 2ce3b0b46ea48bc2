package dev.lightning4j.core.schema;

import dev.lightning4j.TableName;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes schema statements idempotent and points them at the target names: {@code CREATE DATABASE x}
 * becomes {@code CREATE DATABASE IF NOT EXISTS `db`}, {@code CREATE TABLE x} becomes
 * {@code CREATE TABLE IF NOT EXISTS `db`.`tbl`}, as TiDB Lightning does.
 */
final class DdlRewriter {
    private static final String IDENT = "(?:`(?:[^`]|``)+`|[\\w$\\u0080-\\uffff]+)";
    private static final Pattern CREATE_DB = Pattern.compile(
            "^CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE);

    private DdlRewriter() {
    }

    /** The statement rewritten, or null when it is not a CREATE DATABASE. */
    static String createDatabase(String statement, String db) {
        Matcher m = CREATE_DB.matcher(statement);
        if (!m.find()) {
            return null;
        }
        return "CREATE DATABASE IF NOT EXISTS " + TableName.quote(db) + statement.substring(m.end());
    }

    /** The statement rewritten, or null when it is not a CREATE TABLE. */
    static String createTable(String statement, TableName table) {
        Matcher m = CREATE_TABLE.matcher(statement);
        if (!m.find()) {
            return null;
        }
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + statement.substring(m.end());
    }
}
