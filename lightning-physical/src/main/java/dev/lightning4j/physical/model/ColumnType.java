package dev.lightning4j.physical.model;

/** MySQL column types, grouped the way TiDB's encoders treat them. */
public enum ColumnType {
    TINYINT(Family.INTEGER), SMALLINT(Family.INTEGER), MEDIUMINT(Family.INTEGER), INT(Family.INTEGER),
    BIGINT(Family.INTEGER), YEAR(Family.INTEGER),
    FLOAT(Family.REAL), DOUBLE(Family.REAL),
    DECIMAL(Family.DECIMAL),
    DATE(Family.TIME), DATETIME(Family.TIME), TIMESTAMP(Family.TIME),
    TIME(Family.DURATION),
    /** CHAR(n) and BINARY(n) (binary collation). */
    CHAR(Family.STRING),
    /** VARCHAR(n) and VARBINARY(n) (binary collation). */
    VARCHAR(Family.STRING),
    /** TINYTEXT/TEXT/MEDIUMTEXT/LONGTEXT and the BLOBs (binary collation); length = max bytes. */
    TEXT(Family.STRING),
    ENUM(Family.ENUM_SET), SET(Family.ENUM_SET),
    BIT(Family.BIT),
    JSON(Family.JSON);

    /** How values of a type are stored. */
    public enum Family { INTEGER, REAL, DECIMAL, TIME, DURATION, STRING, ENUM_SET, BIT, JSON }

    private final Family family;

    ColumnType(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }
}
