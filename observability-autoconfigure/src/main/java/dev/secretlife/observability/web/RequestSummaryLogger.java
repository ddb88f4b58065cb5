package dev.secretlife.observability.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the summary line of a request ("canonical log line"): one line from logger {@value #LOGGER_NAME} with the
 * key-values {@code method}, {@code route}, {@code path}, {@code status}, {@code outcome}, {@code durationMs}, the
 * exception class when one ended the request, and every field other features put in the {@link RequestSummary}.
 * The request ID and trace ID come with the MDC. The level follows the status; successful requests can be sampled,
 * errors are always written.
 * <p>
 * Shared by the servlet filter and the reactive web filter.
 */
public final class RequestSummaryLogger {

	/** Name of the logger of the summary lines. */
	public static final String LOGGER_NAME = "observability.request";

	/** Route of a request no handler claimed, or whose handler has no URI template. */
	public static final String UNKNOWN_ROUTE = "UNKNOWN";

	/** Route of a request no handler claimed that ended with a redirect. */
	public static final String REDIRECTION_ROUTE = "REDIRECTION";

	/** Route of a request no handler claimed that ended with 404. */
	public static final String NOT_FOUND_ROUTE = "NOT_FOUND";

	/** Route of a request whose URI template is empty (the root). */
	public static final String ROOT_ROUTE = "root";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final ExcludedPaths excludePaths;

	private final double sampleRate;

	private final int maxPathLength;

	private final Level successLevel;

	private final Level clientErrorLevel;

	private final Level serverErrorLevel;

	/**
	 * Creates the logger.
	 * @param excludePaths path patterns (as in {@code @RequestMapping}) of requests that get no line
	 * @param sampleRate share of successful requests that get a line, from 0 to 1
	 * @param maxPathLength maximum length of the {@code path} field; longer paths are cut and end with {@code ...}
	 * @param successLevel level of the line for 1xx, 2xx and 3xx
	 * @param clientErrorLevel level of the line for 4xx
	 * @param serverErrorLevel level of the line for 5xx and exceptions
	 */
	public RequestSummaryLogger(List<String> excludePaths, double sampleRate, int maxPathLength, Level successLevel,
			Level clientErrorLevel, Level serverErrorLevel) {
		this.excludePaths = new ExcludedPaths(excludePaths);
		this.sampleRate = Math.max(0, Math.min(1, sampleRate));
		this.maxPathLength = Math.max(1, maxPathLength);
		this.successLevel = successLevel;
		this.clientErrorLevel = clientErrorLevel;
		this.serverErrorLevel = serverErrorLevel;
	}

	/**
	 * Tells whether a request to this path gets no line.
	 * @param pathWithinApplication the path, without the context path
	 * @return whether the path matches an excluded pattern
	 */
	public boolean isExcluded(String pathWithinApplication) {
		return this.excludePaths.matches(pathWithinApplication);
	}

	/**
	 * Returns the route of a request.
	 * @param uriTemplate the URI template of the handler that served the request, or {@code null}
	 * @param status the response status
	 * @return the template, or a constant when there is none: never the raw path
	 */
	public static String route(@Nullable String uriTemplate, int status) {
		if (uriTemplate != null) {
			return uriTemplate.isEmpty() ? ROOT_ROUTE : uriTemplate;
		}
		if (status >= 300 && status < 400) {
			return REDIRECTION_ROUTE;
		}
		return (status == 404) ? NOT_FOUND_ROUTE : UNKNOWN_ROUTE;
	}

	/**
	 * Writes the line, unless the request is sampled out or the logger is off for its level.
	 * @param method the HTTP method
	 * @param route the route, see {@link #route}
	 * @param path the raw path
	 * @param status the response status
	 * @param durationNanos how long the request took
	 * @param failure the exception that ended the request, or {@code null}
	 * @param summary the fields other features added, or {@code null}
	 */
	public void log(String method, String route, String path, int status, long durationNanos,
			@Nullable Throwable failure, @Nullable RequestSummary summary) {
		Level level = levelOf(status);
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		boolean success = failure == null && status < 400;
		if (success && this.sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return;
		}
		double durationMs = Math.round(durationNanos / 1_000.0) / 1_000.0;
		LoggingEventBuilder line = logger.atLevel(level)
			.setMessage(method + " " + route + " " + status + " " + durationMs + "ms")
			.addKeyValue("method", method)
			.addKeyValue("route", route)
			.addKeyValue("path", truncate(path))
			.addKeyValue("status", status)
			.addKeyValue("outcome", outcome(status))
			.addKeyValue("durationMs", durationMs);
		if (failure != null) {
			line = line.addKeyValue("exception", failure.getClass().getName());
		}
		if (summary != null) {
			for (Map.Entry<String, Object> field : summary.fields().entrySet()) {
				line = line.addKeyValue(field.getKey(), field.getValue());
			}
		}
		line.log();
	}

	private Level levelOf(int status) {
		if (status >= 500) {
			return this.serverErrorLevel;
		}
		return (status >= 400) ? this.clientErrorLevel : this.successLevel;
	}

	private String truncate(String path) {
		return (path.length() <= this.maxPathLength) ? path : path.substring(0, this.maxPathLength) + "...";
	}

	/**
	 * Returns the outcome of a status, as Micrometer's HTTP metrics name it.
	 * @param status the status
	 * @return {@code INFORMATIONAL}, {@code SUCCESS}, {@code REDIRECTION}, {@code CLIENT_ERROR},
	 * {@code SERVER_ERROR} or {@code UNKNOWN}
	 */
	public static String outcome(int status) {
		if (status >= 100 && status < 200) {
			return "INFORMATIONAL";
		}
		if (status >= 200 && status < 300) {
			return "SUCCESS";
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status >= 400 && status < 500) {
			return "CLIENT_ERROR";
		}
		return (status >= 500 && status < 600) ? "SERVER_ERROR" : "UNKNOWN";
	}

}
