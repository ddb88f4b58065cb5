package dev.secretlife.observability.logging;

import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import net.logstash.logback.appender.listener.AppenderListener;

/**
 * Counts the log events the asynchronous appender lost: dropped because its queue was full, and lost at shutdown
 * (still queued when the shutdown grace period ran out, or logged after the appender had stopped). Read by the
 * {@code observability.logging.events.dropped} metric, tagged {@code reason=queue_full} or {@code reason=shutdown}.
 */
public final class DroppedLogEvents implements AppenderListener<ILoggingEvent> {

	private final LongAdder queueFull = new LongAdder();

	private final LongAdder shutdown = new LongAdder();

	@Override
	public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
		this.queueFull.increment();
	}

	void lostAtShutdown(long events) {
		this.shutdown.add(events);
	}

	/**
	 * Returns how many events were dropped so far, for any reason.
	 * @return the count
	 */
	public long count() {
		return this.queueFull.sum() + this.shutdown.sum();
	}

	/**
	 * Returns how many events were dropped because the queue was full.
	 * @return the count
	 */
	public long queueFull() {
		return this.queueFull.sum();
	}

	/**
	 * Returns how many events were lost at shutdown.
	 * @return the count
	 */
	public long shutdown() {
		return this.shutdown.sum();
	}

}
