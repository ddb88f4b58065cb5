package dev.secretlife.observability.logging;

import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import net.logstash.logback.appender.listener.AppenderListener;

/**
 * Counts the log events the asynchronous appender dropped because its queue was full (or because it was shutting
 * down). Read by the {@code observability.logging.dropped.events} metric.
 */
public final class DroppedLogEvents implements AppenderListener<ILoggingEvent> {

	private final LongAdder dropped = new LongAdder();

	@Override
	public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
		this.dropped.increment();
	}

	/**
	 * Returns how many events were dropped so far.
	 * @return the count
	 */
	public long count() {
		return this.dropped.sum();
	}

}
