package dev.secretlife.observability.unit;

import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.requestid.RequestIdGenerator;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Makes each run of a {@code @Scheduled} method observed by Spring ({@code tasks.scheduled.execution}) a
 * {@link UnitOfWork}: the run gets an ID of its own, current (and in the MDC under the request ID's key) while the
 * run's scope is open, so that one search finds the lines of any unit, request or run. Its name is
 * {@code Class.method} (the class's simple name), its outcome the observation's {@code outcome} key value.
 */
public final class ScheduledTaskUnitOfWorkHandler extends AbstractUnitOfWorkHandler<ScheduledTaskObservationContext> {

	private final RequestIdGenerator idGenerator;

	/**
	 * Creates the handler.
	 * @param support the shared support
	 * @param idGenerator makes each run's ID, or {@code null} for runs without an ID
	 */
	public ScheduledTaskUnitOfWorkHandler(UnitOfWorkSupport support, @Nullable RequestIdGenerator idGenerator) {
		super(UnitOfWork.Kind.TASK, support);
		this.idGenerator = idGenerator;
	}

	@Override
	protected void started(ScheduledTaskObservationContext context, UnitOfWork unit) {
		if (this.idGenerator != null) {
			unit.setRequestId(this.idGenerator.generate());
		}
	}

	@Override
	protected @Nullable AutoCloseable openOnThread(UnitOfWork unit) {
		String id = unit.requestId();
		return (id != null) ? RequestId.open(id, support().requestIdMdcKey()) : null;
	}

	@Override
	protected void ended(ScheduledTaskObservationContext context, UnitOfWork unit) {
		unit.endTask(nameOf(context), keyValue(context, "outcome", "UNKNOWN"), context.getError());
	}

	/**
	 * Returns the name of a task: its class's simple name and its method's name.
	 * @param context the task's observation context
	 * @return {@code Class.method}
	 */
	static String nameOf(ScheduledTaskObservationContext context) {
		Class<?> type = context.getTargetClass();
		String simpleName = type.getSimpleName();
		return (simpleName.isEmpty() ? type.getName() : simpleName) + "." + context.getMethod().getName();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

}
