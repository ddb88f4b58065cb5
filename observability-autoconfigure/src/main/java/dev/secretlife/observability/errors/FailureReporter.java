package dev.secretlife.observability.errors;

import java.util.List;

import dev.secretlife.observability.requestid.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Reports each unhandled failure once: one ERROR line from logger {@value #LOGGER_NAME} with the stack trace (and
 * its {@code stack_hash}), {@code kind}, {@code exception}, {@code fingerprint}, the route and method of a request or
 * the {@code task} of a run, and, through the MDC of the thread that ends the unit, its request ID, trace ID and span
 * ID; then every {@link FailureRecorder}. The exception is remembered in {@link LoggedFailures}, so that a later line
 * of the same exception without the IDs (the servlet container's) can be left out.
 * <p>
 * Thread-safe; never throws into the application.
 */
public final class FailureReporter {

	/** Name of the logger of the failure lines. */
	public static final String LOGGER_NAME = "observability.error";

	/** Field of the kind of unit: {@code http}, {@code task} or {@code async}. */
	public static final String KIND = "kind";

	/** Field of the exception's class name. */
	public static final String EXCEPTION = "exception";

	/** Field of the failure's fingerprint. */
	public static final String FINGERPRINT = "fingerprint";

	/** Field of a request's route. */
	public static final String ROUTE = "route";

	/** Field of a request's HTTP method. */
	public static final String METHOD = "method";

	/** Field of the task or {@code @Async} method, {@code Class.method}. */
	public static final String TASK = "task";

	/** MDC key under which Micrometer Tracing puts the trace ID. */
	static final String TRACE_ID_MDC_KEY = "traceId";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private static final Log internalLogger = LogFactory.getLog(FailureReporter.class);

	private final boolean logLine;

	private final LoggedFailures logged;

	private final List<FailureRecorder> recorders;

	/**
	 * Creates the reporter.
	 * @param logLine whether to write the failure line
	 * @param logged where to remember the exceptions whose line is written
	 * @param recorders what else to tell of each failure
	 */
	public FailureReporter(boolean logLine, LoggedFailures logged, List<FailureRecorder> recorders) {
		this.logLine = logLine;
		this.logged = logged;
		this.recorders = List.copyOf(recorders);
	}

	/**
	 * Reports a failure of the unit of work whose IDs are in the MDC of this thread.
	 * @param error the exception that ended the unit
	 * @param kind the kind of unit
	 * @param name the route of a request, {@code Class.method} of a task; never a raw path
	 * @param method the HTTP method of a request, else {@code null}
	 */
	public void report(Throwable error, FailureKind kind, String name, @Nullable String method) {
		try {
			Failure failure = new Failure(error, kind, name, method, FailureFingerprint.of(error), RequestId.get(),
					MDC.get(TRACE_ID_MDC_KEY));
			if (this.logLine && logger.isErrorEnabled()) {
				try {
					log(failure, true);
				}
				catch (RuntimeException | StackOverflowError ex) {
					// The exception cannot be rendered (its getMessage() throws): its line without the stack trace.
					log(failure, false);
				}
				this.logged.add(error);
			}
			for (FailureRecorder recorder : this.recorders) {
				recorder.record(failure);
			}
		}
		catch (RuntimeException ex) {
			internalLogger.debug("Could not report a failure", ex);
		}
	}

	private static void log(Failure failure, boolean withStackTrace) {
		String exception = failure.exceptionClass();
		String where = (failure.method() != null) ? failure.method() + " " + failure.name() : failure.name();
		LoggingEventBuilder line = logger.atError();
		if (withStackTrace) {
			// A cyclic cause chain would send a stack trace renderer round the cycle: the chain is cut there.
			line = line.setCause(AcyclicCauses.of(failure.error()));
		}
		line = line
			.setMessage("Unhandled " + exception + " in " + where)
			.addKeyValue(KIND, failure.kind().tagValue())
			.addKeyValue(EXCEPTION, exception)
			.addKeyValue(FINGERPRINT, failure.fingerprint());
		if (failure.kind() == FailureKind.HTTP) {
			line = line.addKeyValue(METHOD, failure.method()).addKeyValue(ROUTE, failure.name());
		}
		else {
			line = line.addKeyValue(TASK, failure.name());
		}
		line.log();
	}

}
