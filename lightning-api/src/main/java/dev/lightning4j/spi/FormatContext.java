package dev.lightning4j.spi;

import dev.lightning4j.CsvOptions;

/**
 * What a parser may know about the import.
 *
 * @param csv CSV options
 */
public record FormatContext(CsvOptions csv) {
}
