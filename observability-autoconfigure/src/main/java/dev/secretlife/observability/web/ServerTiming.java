package dev.secretlife.observability.web;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitStatements;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The value of a response's {@code Server-Timing} header
 * (<a href="https://www.w3.org/TR/server-timing/">W3C Server Timing</a>), which browsers show in their developer
 * tools: {@code total;dur=12.345, db;dur=4.200;desc="3 statements"}.
 * <p>
 * {@code total} is the time from the start of the request to the moment the response is committed (the header must
 * precede the body, so it cannot include writing the body); {@code db} is the time and number of the JDBC statements
 * the request's unit of work ran until then, and is left out when JDBC accounting is off.
 */
public final class ServerTiming {

	/** The header's name. */
	public static final String HEADER = "Server-Timing";

	private ServerTiming() {
	}

	/**
	 * Returns the statements of the unit of work an HTTP observation carries.
	 * @param context the request's observation context, or {@code null} when the request is not observed
	 * @return the statements, or {@code null}
	 */
	static @Nullable UnitStatements statementsOf(Observation.@Nullable Context context) {
		UnitOfWork unit = (context != null) ? context.get(UnitOfWork.class) : null;
		return (unit != null) ? unit.statements() : null;
	}

	/**
	 * Formats the header value.
	 * @param totalNanos the time since the request started
	 * @param statements the request's statements, or {@code null} to leave {@code db} out
	 * @return the header value
	 */
	public static String value(long totalNanos, @Nullable UnitStatements statements) {
		StringBuilder value = new StringBuilder(64).append("total;dur=");
		appendMillis(value, totalNanos);
		if (statements != null) {
			int count = statements.count();
			value.append(", db;dur=");
			appendMillis(value, statements.nanos());
			value.append(";desc=\"").append(count).append((count == 1) ? " statement\"" : " statements\"");
		}
		return value.toString();
	}

	private static void appendMillis(StringBuilder value, long nanos) {
		long micros = Math.max(0, nanos) / 1000;
		long fraction = micros % 1000;
		value.append(micros / 1000).append('.');
		if (fraction < 100) {
			value.append('0');
		}
		if (fraction < 10) {
			value.append('0');
		}
		value.append(fraction);
	}

}
