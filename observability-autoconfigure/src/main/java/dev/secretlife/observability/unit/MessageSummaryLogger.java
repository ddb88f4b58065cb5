package dev.secretlife.observability.unit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the summary line of a consumed message when its {@link UnitOfWork} ends: one line from logger
 * {@value #LOGGER_NAME} with {@code topic}, {@code consumerGroup}, {@code outcome}, {@code durationMs}, the exception
 * class when the listener threw, {@code dbQueries} and {@code dbTimeMs} when statements are accounted, and every
 * field added to the unit. Never the record's key, value or headers. A handled message is logged at INFO; a failed
 * delivery at ERROR without a stack trace: the listener container's error handler logs that, with the same ID and
 * trace ID, and a retried record would otherwise repeat it at every attempt.
 */
public final class MessageSummaryLogger implements UnitOfWorkListener {

	/** Name of the logger of the summary lines of consumed messages. */
	public static final String LOGGER_NAME = "observability.message";

	/** Field of the message's topic. */
	public static final String TOPIC = "topic";

	/** Field of the consumer group. */
	public static final String CONSUMER_GROUP = "consumerGroup";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	@Override
	public void onEnd(UnitOfWork unit) {
		if (unit.kind() != UnitOfWork.Kind.MESSAGE) {
			return;
		}
		Throwable error = unit.error();
		if (error == null ? !logger.isInfoEnabled() : !logger.isErrorEnabled()) {
			return;
		}
		double durationMs = SummaryFields.millis(unit.durationNanos());
		String group = unit.consumerGroup();
		LoggingEventBuilder line = ((error != null) ? logger.atError() : logger.atInfo())
			.setMessage("message " + unit.name() + " " + unit.outcome() + " " + durationMs + "ms")
			.addKeyValue(TOPIC, unit.name());
		if (group != null) {
			line = line.addKeyValue(CONSUMER_GROUP, group);
		}
		line = line.addKeyValue("outcome", unit.outcome()).addKeyValue(SummaryFields.DURATION_MS, durationMs);
		if (error != null) {
			line = line.addKeyValue(SummaryFields.EXCEPTION, error.getClass().getName());
		}
		SummaryFields.append(line, unit).log();
	}

}
