package dev.secretlife.observability.web;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.secretlife.observability.unit.SummaryFields;
import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the summary line of a request ("canonical log line") when its {@link UnitOfWork} ends: one line from logger
 * {@value #LOGGER_NAME} with the key-values {@code method}, {@code route}, {@code path}, {@code status},
 * {@code outcome}, {@code durationMs}, the exception class when one ended the request, {@code dbQueries} and
 * {@code dbTimeMs} when statements are accounted, and every field added to the unit. Method, route and outcome are
 * those of Spring's {@code http.server.requests} for the same request. The request ID and trace ID come with the MDC.
 * The level follows the status; successful requests can be sampled, errors are always written.
 */
public final class RequestSummaryLogger implements UnitOfWorkListener {

	/** Name of the logger of the summary lines. */
	public static final String LOGGER_NAME = "observability.request";

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

	@Override
	public void onEnd(UnitOfWork unit) {
		if (unit.kind() != UnitOfWork.Kind.HTTP || isExcluded(unit.pathWithinApplication())) {
			return;
		}
		log(unit.method(), unit.route(), unit.path(), unit.status(), unit.outcome(), unit.durationNanos(),
				unit.error(), unit);
	}

	/**
	 * Writes the line, unless the request is sampled out or the logger is off for its level.
	 * @param method the HTTP method
	 * @param route the route, as the {@code uri} tag of {@code http.server.requests}
	 * @param path the raw path
	 * @param status the response status
	 * @param outcome the outcome, as the {@code outcome} tag of {@code http.server.requests}
	 * @param durationNanos how long the request took
	 * @param failure the exception that ended the request, or {@code null}
	 * @param unit the unit whose statements and fields to add, or {@code null}
	 */
	public void log(String method, String route, String path, int status, String outcome, long durationNanos,
			@Nullable Throwable failure, @Nullable UnitOfWork unit) {
		Level level = levelOf(status);
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		boolean success = failure == null && status < 400;
		if (success && this.sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return;
		}
		double durationMs = SummaryFields.millis(durationNanos);
		LoggingEventBuilder line = logger.atLevel(level)
			.setMessage(method + " " + route + " " + status + " " + durationMs + "ms")
			.addKeyValue("method", method)
			.addKeyValue("route", route)
			.addKeyValue("path", truncate(path))
			.addKeyValue("status", status)
			.addKeyValue("outcome", outcome)
			.addKeyValue(SummaryFields.DURATION_MS, durationMs);
		if (failure != null) {
			line = line.addKeyValue(SummaryFields.EXCEPTION, failure.getClass().getName());
		}
		if (unit != null) {
			line = SummaryFields.append(line, unit);
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

}
