package dev.secretlife.observability.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.RingBuffer;
import net.logstash.logback.encoder.com.lmax.disruptor.dsl.Disruptor;
import org.jspecify.annotations.Nullable;

/**
 * Moves the root logger's appenders behind one asynchronous appender (logstash-logback-encoder's disruptor
 * appender), so that writing a log line never waits for the console or the disk. When its queue is full the
 * appender drops the event at once instead of blocking the caller, and {@link DroppedLogEvents} counts it.
 */
public final class AsyncLogging {

	/** Name of the asynchronous appender on the root logger. */
	public static final String APPENDER_NAME = "OBSERVABILITY_ASYNC";

	private AsyncLogging() {
	}

	/**
	 * Puts the root logger's appenders behind an asynchronous appender, unless that was done already.
	 * @param context the logger context
	 * @param queueSize the queue size, a power of two
	 * @return the asynchronous appender
	 */
	public static LoggingEventAsyncDisruptorAppender install(LoggerContext context, int queueSize) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		LoggingEventAsyncDisruptorAppender existing = find(context);
		if (existing != null) {
			return existing;
		}
		List<Appender<ILoggingEvent>> delegates = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			delegates.add(appenders.next());
		}
		DroppedLogEvents dropped = new DroppedLogEvents();
		LoggingEventAsyncDisruptorAppender async = new CountingAppender(dropped);
		async.setContext(context);
		async.setName(APPENDER_NAME);
		async.setRingBufferSize(queueSize);
		// Drops are counted in a metric; a warning would be a non-JSON status line on the console.
		async.setDroppedWarnFrequency(0);
		async.setAddDefaultStatusListener(false);
		async.addListener(dropped);
		context.putObject(DroppedLogEvents.class.getName(), dropped);
		delegates.forEach(async::addAppender);
		async.start();
		root.addAppender(async);
		delegates.forEach(root::detachAppender);
		return async;
	}

	/**
	 * Returns the asynchronous appender installed on the root logger.
	 * @param context the logger context
	 * @return the appender, or {@code null} when none is installed
	 */
	public static @Nullable LoggingEventAsyncDisruptorAppender find(LoggerContext context) {
		Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER_NAME);
		return (appender instanceof LoggingEventAsyncDisruptorAppender async) ? async : null;
	}

	/**
	 * Returns the drop counter of the asynchronous appender.
	 * @param context the logger context
	 * @return the counter, or {@code null} when no asynchronous appender is installed
	 */
	public static @Nullable DroppedLogEvents droppedEvents(LoggerContext context) {
		if (find(context) == null) {
			return null;
		}
		return (context.getObject(DroppedLogEvents.class.getName()) instanceof DroppedLogEvents dropped) ? dropped
				: null;
	}

	/**
	 * The disruptor appender, counting what it loses at shutdown too: the events still queued when its grace period
	 * ran out, and those logged after it stopped (logback otherwise only notes them in its status).
	 */
	static final class CountingAppender extends LoggingEventAsyncDisruptorAppender {

		private final DroppedLogEvents dropped;

		private volatile boolean stopped;

		CountingAppender(DroppedLogEvents dropped) {
			this.dropped = dropped;
		}

		@Override
		public void doAppend(ILoggingEvent event) {
			if (this.stopped) {
				this.dropped.lostAtShutdown(1);
				return;
			}
			super.doAppend(event);
		}

		@Override
		public void stop() {
			if (!isStarted()) {
				return;
			}
			Disruptor<LogEvent<ILoggingEvent>> disruptor = getDisruptor();
			super.stop();
			this.stopped = true;
			if (disruptor != null) {
				RingBuffer<LogEvent<ILoggingEvent>> queue = disruptor.getRingBuffer();
				long lost = queue.getBufferSize() - queue.remainingCapacity();
				if (lost > 0) {
					this.dropped.lostAtShutdown(lost);
				}
			}
		}

	}

}
