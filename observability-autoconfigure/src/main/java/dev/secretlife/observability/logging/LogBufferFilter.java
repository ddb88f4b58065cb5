package dev.secretlife.observability.logging;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.secretlife.observability.unit.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Hands the {@link LogBuffer} the lines logged during a unit of work that the logger configuration would not write:
 * from the buffer's level up to, not including, the logger's effective level. Every other line, and every line
 * logged outside a unit of work, is left to logback as before (a logger switched {@code OFF} stays silent).
 * <p>
 * While a unit is current, a level check ({@code isDebugEnabled()}) for a level that would be held answers yes, so
 * that guarded code runs and its line reaches the buffer; the held line is then denied, so that logback does not
 * write it now. An {@code ERROR} line logged during a unit first writes the lines the unit held so far.
 * <p>
 * A logback {@link TurboFilter}, asked before every log call and level check: the common case (a level the logger
 * writes, or below the buffer's level) returns after two integer comparisons. Both paths into logback are covered:
 * the classic methods ({@code debug(..)}) and SLF4J's fluent API ({@code atDebug()...log()}), whose key-value pairs
 * and markers are kept. It stays in the context when logback is reset (Spring Boot's logging system reinitialised).
 */
public final class LogBufferFilter extends TurboFilter implements AutoCloseable {

	/**
	 * Whether SLF4J's fluent API asks the turbo filters with the whole event (logback 1.5.21 and later). Before, its
	 * {@code log()} appended without asking them, so a line whose level check the filter had answered would be
	 * written at once: the filter is then not installed.
	 */
	static final boolean FLUENT_EVENTS_FILTERED = fluentEventsFiltered();

	private final LogBuffer buffer;

	private final int levelInt;

	private final @Nullable LoggerContext context;

	private final ReinstallOnReset reinstall = new ReinstallOnReset();

	private volatile boolean closed;

	private LogBufferFilter(LogBuffer buffer, @Nullable LoggerContext context) {
		this.buffer = buffer;
		this.levelInt = buffer.level().levelInt;
		this.context = context;
		setName("observability-log-buffer");
	}

	/**
	 * Adds the filter to logback's context, when logback is SLF4J's backend.
	 * @param buffer where the held lines go
	 * @return the filter, to be closed (removed) with the application
	 */
	public static LogBufferFilter install(LogBuffer buffer) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		return install(buffer, (factory instanceof LoggerContext logback) ? logback : null);
	}

	/**
	 * Adds the filter to a logback context.
	 * @param buffer where the held lines go
	 * @param context the context, or {@code null} for none (the filter then does nothing)
	 * @return the filter, to be closed (removed) with the application
	 */
	public static LogBufferFilter install(LogBuffer buffer, @Nullable LoggerContext context) {
		LogBufferFilter filter = new LogBufferFilter(buffer, context);
		if (context != null && !FLUENT_EVENTS_FILTERED) {
			LoggerFactory.getLogger(LogBufferFilter.class)
				.warn("observability.logging.buffer.level needs logback 1.5.21 or later; no line is held");
			return filter;
		}
		if (context != null) {
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
			context.addListener(filter.reinstall);
		}
		return filter;
	}

	private static boolean fluentEventsFiltered() {
		try {
			TurboFilter.class.getMethod("decide", Logger.class, org.slf4j.event.LoggingEvent.class);
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
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
		if (logger == null || level == null) {
			return FilterReply.NEUTRAL;
		}
		// A level check has neither message nor arguments (a log call with a null message looks the same).
		boolean check = format == null && params == null && t == null;
		LogLineBuffer lines = holding(logger, level, !check);
		if (lines == null) {
			return FilterReply.NEUTRAL;
		}
		if (check) {
			return FilterReply.ACCEPT;
		}
		LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, level, format, t, params);
		if (marker != null) {
			event.addMarker(marker);
		}
		this.buffer.hold(lines, logger, event);
		return FilterReply.DENY;
	}

	// SLF4J's fluent API: atDebug() asked the level check above; log() comes here with the whole event.
	@Override
	public FilterReply decide(Logger logger, org.slf4j.event.LoggingEvent slf4jEvent) {
		Level level = Level.convertAnSLF4JLevel(slf4jEvent.getLevel());
		LogLineBuffer lines = holding(logger, level, true);
		if (lines == null) {
			return FilterReply.NEUTRAL;
		}
		String callerBoundary = slf4jEvent.getCallerBoundary();
		LoggingEvent event = new LoggingEvent((callerBoundary != null) ? callerBoundary : Logger.FQCN, logger, level,
				slf4jEvent.getMessage(), slf4jEvent.getThrowable(), slf4jEvent.getArgumentArray());
		List<Marker> markers = slf4jEvent.getMarkers();
		if (markers != null) {
			markers.forEach(event::addMarker);
		}
		event.setKeyValuePairs(slf4jEvent.getKeyValuePairs());
		this.buffer.hold(lines, logger, event);
		return FilterReply.DENY;
	}

	/**
	 * Returns the buffer that holds a line (or answers a level check) of this logger and level, or {@code null} when
	 * logback decides as if there were no buffer. Compares with the logger's effective level directly: asking the
	 * logger ({@code isDebugEnabled()}) would come back here.
	 */
	private @Nullable LogLineBuffer holding(Logger logger, Level level, boolean logCall) {
		int levelInt = level.levelInt;
		if (levelInt < this.levelInt) {
			return null;
		}
		int effective = logger.getEffectiveLevel().levelInt;
		if (levelInt >= effective) {
			if (logCall && levelInt == Level.ERROR_INT) {
				UnitOfWork unit = UnitOfWork.current();
				if (unit != null) {
					this.buffer.errorLogged(unit);
				}
			}
			return null;
		}
		if (effective == Level.OFF_INT) {
			return null;
		}
		UnitOfWork unit = UnitOfWork.current();
		if (unit == null) {
			return null;
		}
		LogLineBuffer lines = this.buffer.linesOf(unit);
		return lines.isOpen() ? lines : null;
	}

	@Override
	public void close() {
		this.closed = true;
		if (this.context != null) {
			this.context.removeListener(this.reinstall);
			this.context.getTurboFilterList().remove(this);
		}
		stop();
	}

	/**
	 * Puts the filter back when logback's context is reset, which removes every turbo filter: Spring Boot's logging
	 * system does that when it is initialised again.
	 */
	private final class ReinstallOnReset implements LoggerContextListener {

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onReset(LoggerContext context) {
			if (!LogBufferFilter.this.closed && !context.getTurboFilterList().contains(LogBufferFilter.this)) {
				LogBufferFilter.this.start();
				context.addTurboFilter(LogBufferFilter.this);
			}
		}

		@Override
		public void onStart(LoggerContext context) {
		}

		@Override
		public void onStop(LoggerContext context) {
		}

		@Override
		public void onLevelChange(Logger logger, Level level) {
		}

	}

}
