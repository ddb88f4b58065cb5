package dev.secretlife.observability.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when a request ends, whether it ran one statement shape at least {@code threshold} times: the signature of
 * the N+1 problem (one query for a list, then one more per element). Each such shape is counted as
 * {@code jdbc.repeated.queries} and, by mode, logged as one warning or collected into one exception.
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
	 * @param threshold executions of one shape within one request that make it suspect, at least 2
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
	 * Checks the statements of one finished request.
	 * @param queries the request's statements
	 * @param method the request's HTTP method
	 * @param uri the request's URI template
	 * @throws NPlusOneQueryException in fail mode, when a shape was repeated
	 */
	public void check(RequestQueries queries, String method, String uri) {
		if (queries.count() < this.threshold) {
			return;
		}
		List<RequestQueries.Repeated> suspects = null;
		for (RequestQueries.Repeated repeated : queries.repeatedAtLeast(this.threshold)) {
			if (isAllowed(repeated.shape())) {
				continue;
			}
			this.metrics.countRepeatedQuery(repeated.dataSource(), uri);
			if (this.mode == NPlusOneMode.FAIL) {
				if (suspects == null) {
					suspects = new ArrayList<>();
				}
				suspects.add(repeated);
			}
			else if (logger.isWarnEnabled()) {
				logger.warn(describe(repeated, method, uri));
			}
		}
		if (suspects != null) {
			StringBuilder message = new StringBuilder();
			for (RequestQueries.Repeated suspect : suspects) {
				message.append((message.length() > 0) ? "; " : "").append(describe(suspect, method, uri));
			}
			throw new NPlusOneQueryException(message.toString(), List.copyOf(suspects));
		}
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

	private String describe(RequestQueries.Repeated repeated, String method, String uri) {
		StringBuilder message = new StringBuilder(160).append("N+1 queries suspected: the same statement ran ")
			.append(repeated.executions())
			.append(" times in ")
			.append(method)
			.append(' ')
			.append(uri)
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
