package dev.secretlife.observability.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitStatements;
import dev.secretlife.observability.unit.UnitStatements.Repeated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when a unit of work (a request or a scheduled run) ends, whether it ran one statement shape at least
 * {@code threshold} times: the signature of the N+1 problem (one query for a list, then one more per element). Each
 * such shape is counted ({@code jdbc.repeated.queries} for requests, {@code jdbc.task.repeated.queries} for runs,
 * {@code jdbc.message.repeated.queries} for consumed messages) and, in warn mode, logged as one warning. In fail mode a request's shapes are turned into an
 * {@link NPlusOneQueryException} by {@link NPlusOneFailFilter} while the request is still being handled; a run's are
 * logged as in warn mode, since a run that has ended cannot be made to fail; so are a message's.
 */
public class NPlusOneDetector {

	private static final Logger logger = LoggerFactory.getLogger(NPlusOneDetector.class);

	private final int threshold;

	private final NPlusOneMode mode;

	private final List<String> allowed;

	private final JdbcMetrics metrics;

	private final int maxStatementLength;

	/**
	 * Creates the detector.
	 * @param threshold executions of one shape within one unit that make it suspect, at least 2
	 * @param mode what to do with a suspect shape
	 * @param allowedStatements statements never reported: a shape is allowed when it contains one of them, compared
	 * ignoring case and after shaping them the same way (so literals, spacing and comments in them do not matter)
	 * @param metrics where to count suspect shapes
	 * @param maxStatementLength maximum length of a statement in a warning
	 */
	public NPlusOneDetector(int threshold, NPlusOneMode mode, List<String> allowedStatements, JdbcMetrics metrics,
			int maxStatementLength) {
		this.threshold = Math.max(2, threshold);
		this.mode = mode;
		this.allowed = allowedStatements.stream()
			.map(SqlShapes::shape)
			.filter((shape) -> !shape.isEmpty())
			.map((shape) -> shape.toLowerCase(Locale.ROOT))
			.toList();
		this.metrics = metrics;
		this.maxStatementLength = maxStatementLength;
	}

	/**
	 * Returns the mode.
	 * @return the mode
	 */
	public NPlusOneMode mode() {
		return this.mode;
	}

	/**
	 * Checks the statements of one ended unit: counts each suspect shape and, unless a request's shapes were already
	 * reported by an exception (fail mode), logs it.
	 * @param unit the ended unit
	 * @param statements its statements
	 */
	public void check(UnitOfWork unit, UnitStatements statements) {
		boolean log = this.mode == NPlusOneMode.WARN || unit.kind() != UnitOfWork.Kind.HTTP;
		for (Repeated repeated : suspects(statements)) {
			if (unit.kind() == UnitOfWork.Kind.HTTP) {
				this.metrics.countRepeatedQuery(repeated.dataSource(), unit.route());
			}
			else if (unit.kind() == UnitOfWork.Kind.MESSAGE) {
				this.metrics.countMessageRepeatedQuery(repeated.dataSource(), unit.name());
			}
			else {
				this.metrics.countTaskRepeatedQuery(repeated.dataSource(), unit.name());
			}
			if (log && logger.isWarnEnabled()) {
				logger.warn(describe(repeated, describe(unit)));
			}
		}
	}

	/**
	 * In fail mode, throws when a request still being handled has repeated a statement shape.
	 * @param statements the request's statements so far
	 * @param request the request, as {@code METHOD route} for the message
	 * @throws NPlusOneQueryException when a shape was repeated
	 */
	public void failIfRepeated(UnitStatements statements, String request) {
		if (this.mode != NPlusOneMode.FAIL) {
			return;
		}
		List<Repeated> suspects = suspects(statements);
		if (suspects.isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder();
		for (Repeated suspect : suspects) {
			message.append((message.length() > 0) ? "; " : "").append(describe(suspect, request));
		}
		throw new NPlusOneQueryException(message.toString(), List.copyOf(suspects));
	}

	private List<Repeated> suspects(UnitStatements statements) {
		if (statements.count() < this.threshold) {
			return List.of();
		}
		List<Repeated> suspects = new ArrayList<>(2);
		for (Repeated repeated : statements.repeatedAtLeast(this.threshold)) {
			if (!isAllowed(repeated.shape())) {
				suspects.add(repeated);
			}
		}
		return suspects;
	}

	private static String describe(UnitOfWork unit) {
		return switch (unit.kind()) {
			case HTTP -> unit.method() + " " + unit.route();
			case TASK -> "task " + unit.name();
			case MESSAGE -> "message from topic " + unit.name();
		};
	}

	private boolean isAllowed(String shape) {
		if (this.allowed.isEmpty()) {
			return false;
		}
		String lowerCase = shape.toLowerCase(Locale.ROOT);
		for (String allowed : this.allowed) {
			if (lowerCase.contains(allowed)) {
				return true;
			}
		}
		return false;
	}

	private String describe(Repeated repeated, String unit) {
		StringBuilder message = new StringBuilder(160).append("N+1 queries suspected: the same statement ran ")
			.append(repeated.executions())
			.append(" times in ")
			.append(unit)
			.append(" (threshold ")
			.append(this.threshold)
			.append(", data source '")
			.append(repeated.dataSource())
			.append('\'');
		JdbcQueryListener.appendIds(message);
		return message.append("): ")
			.append(SqlShapes.truncate(repeated.shape(), this.maxStatementLength))
			.toString();
	}

}
