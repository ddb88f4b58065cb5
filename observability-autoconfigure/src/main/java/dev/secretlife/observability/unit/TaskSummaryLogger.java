package dev.secretlife.observability.unit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the summary line of a scheduled run when its {@link UnitOfWork} ends: one line from logger
 * {@value #LOGGER_NAME} with {@code task} ({@code Class.method}), {@code outcome}, {@code durationMs}, the exception
 * class when the run failed, {@code dbQueries} and {@code dbTimeMs} when statements are accounted, and every field
 * added to the unit. A successful run is logged at INFO; a failed one at ERROR, with its stack trace unless the
 * failure has a line of its own (the starter's failure reporting). The ID and trace ID come with the MDC.
 */
public final class TaskSummaryLogger implements UnitOfWorkListener {

	/** Name of the logger of the summary lines of scheduled runs. */
	public static final String LOGGER_NAME = "observability.task";

	/** Field of the task's name. */
	public static final String TASK = "task";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final boolean stackTrace;

	/**
	 * Creates the logger.
	 * @param stackTrace whether a failed run's line has the stack trace (when its failure is not logged apart)
	 */
	public TaskSummaryLogger(boolean stackTrace) {
		this.stackTrace = stackTrace;
	}

	@Override
	public void onEnd(UnitOfWork unit) {
		if (unit.kind() != UnitOfWork.Kind.TASK) {
			return;
		}
		Throwable error = unit.error();
		if (error == null ? !logger.isInfoEnabled() : !logger.isErrorEnabled()) {
			return;
		}
		double durationMs = SummaryFields.millis(unit.durationNanos());
		LoggingEventBuilder line = ((error == null) ? logger.atInfo()
				: this.stackTrace ? logger.atError().setCause(error) : logger.atError())
			.setMessage("task " + unit.name() + " " + unit.outcome() + " " + durationMs + "ms")
			.addKeyValue(TASK, unit.name())
			.addKeyValue("outcome", unit.outcome())
			.addKeyValue(SummaryFields.DURATION_MS, durationMs);
		if (error != null) {
			line = line.addKeyValue(SummaryFields.EXCEPTION, error.getClass().getName());
		}
		SummaryFields.append(line, unit).log();
	}

}
