package dev.secretlife.observability.unit;

import java.util.Map;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields that every summary line of a unit of work ends with, request or run: {@code dbQueries} and
 * {@code dbTimeMs} when statements are accounted, then every field added to the unit.
 */
public final class SummaryFields {

	/** Field of the number of JDBC statements and batches the unit executed. */
	public static final String DB_QUERIES = "dbQueries";

	/** Field of the time they took, in milliseconds. */
	public static final String DB_TIME_MS = "dbTimeMs";

	/** Field of the unit's duration, in milliseconds. */
	public static final String DURATION_MS = "durationMs";

	/** Field of the class name of the exception that ended the unit. */
	public static final String EXCEPTION = "exception";

	private SummaryFields() {
	}

	/**
	 * Adds the unit's closing fields to a line.
	 * @param line the line being built
	 * @param unit the ended unit
	 * @return the line
	 */
	public static LoggingEventBuilder append(LoggingEventBuilder line, UnitOfWork unit) {
		UnitStatements statements = unit.statements();
		if (statements != null) {
			line = line.addKeyValue(DB_QUERIES, statements.count()).addKeyValue(DB_TIME_MS, statements.millis());
		}
		for (Map.Entry<String, Object> field : unit.fields().entrySet()) {
			line = line.addKeyValue(field.getKey(), field.getValue());
		}
		return line;
	}

	/**
	 * Returns a duration in milliseconds rounded to microseconds, as summary lines show durations.
	 * @param nanos the duration in nanoseconds
	 * @return milliseconds
	 */
	public static double millis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
