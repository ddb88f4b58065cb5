package dev.secretlife.observability.autoconfigure.requestid;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * The real logging events of the running application, as Logback hands them to appenders (MDC included), captured
 * on the root logger between {@link #start()} and {@link #stop()}.
 */
final class CapturedLogEvents {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	void start() {
		this.appender.start();
		rootLogger().addAppender(this.appender);
	}

	void stop() {
		rootLogger().detachAppender(this.appender);
		this.appender.stop();
	}

	/**
	 * Returns a copy of the events captured so far. Lines can still arrive from other threads while a test reads them
	 * (a reactive request's summary line is written after its response went out), so the list is copied under the
	 * appender's own lock ({@code AppenderBase.doAppend} is synchronized on it) rather than iterated live.
	 * @return the events, oldest first
	 */
	List<ILoggingEvent> all() {
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	List<ILoggingEvent> from(Class<?> loggerClass) {
		return all().stream().filter((event) -> event.getLoggerName().equals(loggerClass.getName())).toList();
	}

	static Logger rootLogger() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
