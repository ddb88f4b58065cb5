package dev.secretlife.observability.jdbc;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * What may be told about a failed statement without repeating the database: drivers quote the offending values in
 * their messages (PostgreSQL's {@code Key (email)=(alice@example.com) already exists}, MySQL's
 * {@code Duplicate entry 'alice@example.com'}, H2's {@code VALUES ( 'alice@example.com' )} and the statement text with
 * its literals), so a failure is described by its exception class, SQLState and vendor code only.
 */
public final class SqlFailures {

	private static final StackTraceElement[] NO_STACK_TRACE = new StackTraceElement[0];

	private SqlFailures() {
	}

	/**
	 * Returns the SQLState of a failure: its own, or that of the first {@link SQLException} among its causes.
	 * @param failure the failure
	 * @return the SQLState, or {@code null} when there is none
	 */
	public static @Nullable String sqlState(Throwable failure) {
		SQLException sql = sqlException(failure);
		return (sql != null) ? sql.getSQLState() : null;
	}

	/**
	 * Describes a failure without its message: class name, then SQLState and vendor code when it is (or wraps) a
	 * {@link SQLException}, e.g. {@code org.postgresql.util.PSQLException (SQLState 23505, vendor code 0)}.
	 * @param failure the failure
	 * @return the description, free of anything the database said
	 */
	public static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder(96).append(failure.getClass().getName());
		SQLException sql = sqlException(failure);
		if (sql != null) {
			description.append(" (SQLState ")
				.append((sql.getSQLState() != null) ? sql.getSQLState() : "unknown")
				.append(", vendor code ")
				.append(sql.getErrorCode())
				.append(')');
		}
		return description.toString();
	}

	/**
	 * Returns a stand-in for a failure that can be recorded anywhere: a {@link SQLException} whose message is
	 * {@link #describe(Throwable) the description}, with the same SQLState and vendor code, no cause and no stack
	 * trace (a stack trace prints the message of every cause).
	 * @param failure the failure
	 * @return the stand-in
	 */
	public static SQLException redacted(Throwable failure) {
		SQLException sql = sqlException(failure);
		SQLException redacted = (sql != null) ? new SQLException(describe(failure), sql.getSQLState(), sql.getErrorCode())
				: new SQLException(describe(failure));
		redacted.setStackTrace(NO_STACK_TRACE);
		return redacted;
	}

	private static @Nullable SQLException sqlException(Throwable failure) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < 16; depth++) {
			if (candidate instanceof SQLException sql) {
				return sql;
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
