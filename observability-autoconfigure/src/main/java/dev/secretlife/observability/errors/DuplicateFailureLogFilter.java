package dev.secretlife.observability.errors;

import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.secretlife.observability.unit.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Leaves out a log line whose exception (or one of its first causes) already had its failure line, with the unit's
 * IDs: the servlet container's (Tomcat's {@code StandardWrapperValve}, Jetty's), which it writes after the request's
 * filters have returned, and Spring's scheduler's, written after the run's scope has closed. Keyed on the identity
 * of the exception, so that any other line, and any other exception, is written as before. The starter's own loggers
 * ({@code observability.*}) are never filtered.
 * <p>
 * On the reactive stack Spring Boot's error handler logs a request's exception while the request is still in
 * progress, before its unit ends: that line ({@link #IN_UNIT_ERROR_LOGGERS}) is left out when an HTTP unit of work is
 * current on the thread, since the unit's failure line follows with the same stack trace and the request's IDs.
 * <p>
 * A logback {@link TurboFilter}: asked before every log call, so the common case (no exception) returns at once.
 */
public final class DuplicateFailureLogFilter extends TurboFilter implements AutoCloseable {

	/**
	 * Loggers that log a request's unhandled exception while its unit of work is current (WebFlux).
	 */
	public static final Set<String> IN_UNIT_ERROR_LOGGERS = Set.of(
			"org.springframework.boot.webflux.autoconfigure.error.AbstractErrorWebExceptionHandler",
			"org.springframework.web.server.adapter.HttpWebHandlerAdapter");

	private static final String OWN_LOGGERS = "observability.";

	private final LoggedFailures logged;

	private final @Nullable LoggerContext context;

	private DuplicateFailureLogFilter(LoggedFailures logged, @Nullable LoggerContext context) {
		this.logged = logged;
		this.context = context;
		setName("observability-duplicate-failures");
	}

	/**
	 * Adds the filter to logback's context, when logback is SLF4J's backend.
	 * @param logged the exceptions whose failure line has been written
	 * @return the filter, to be closed (removed) with the application
	 */
	public static DuplicateFailureLogFilter install(LoggedFailures logged) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		LoggerContext context = (factory instanceof LoggerContext logback) ? logback : null;
		DuplicateFailureLogFilter filter = new DuplicateFailureLogFilter(logged, context);
		if (context != null) {
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
		return filter;
	}

	/**
	 * Tells whether the filter is in logback's context.
	 * @return whether it filters
	 */
	public boolean isInstalled() {
		return this.context != null && this.context.getTurboFilterList().contains(this);
	}

	@Override
	public FilterReply decide(@Nullable Marker marker, @Nullable Logger logger, @Nullable Level level,
			@Nullable String format, @Nullable Object @Nullable [] params, @Nullable Throwable t) {
		Throwable error = (t != null) ? t : lastThrowable(params);
		if (error == null || logger == null || logger.getName().startsWith(OWN_LOGGERS)) {
			return FilterReply.NEUTRAL;
		}
		if (this.logged.contains(error)) {
			return FilterReply.DENY;
		}
		UnitOfWork unit = UnitOfWork.current();
		if (unit != null && unit.kind() == UnitOfWork.Kind.HTTP && IN_UNIT_ERROR_LOGGERS.contains(logger.getName())) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	private static @Nullable Throwable lastThrowable(@Nullable Object @Nullable [] params) {
		if (params == null || params.length == 0) {
			return null;
		}
		return (params[params.length - 1] instanceof Throwable throwable) ? throwable : null;
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.getTurboFilterList().remove(this);
		}
		stop();
	}

}
