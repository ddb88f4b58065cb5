package dev.secretlife.observability.tracing;

import dev.secretlife.observability.unit.UnitOfWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Applies the {@link ServerSpanDecorator}'s ID handling to the span of each scheduled run: the run's ID in the
 * trace's baggage while the run's scope is open (so that calls the run makes carry it) and as a span attribute.
 * Registered after the tracing handlers, so the span is current when this handler's scope opens.
 */
public final class ScheduledTaskSpanHandler implements ObservationHandler<ScheduledTaskObservationContext> {

	private final ServerSpanDecorator decorator;

	public ScheduledTaskSpanHandler(ServerSpanDecorator decorator) {
		this.decorator = decorator;
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		this.decorator.onScopeOpened(idOf(context));
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		this.decorator.onScopeClosed();
	}

	@Override
	public void onStop(ScheduledTaskObservationContext context) {
		this.decorator.onStop(ServerSpanDecorator.spanOf(context), idOf(context));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	private static @Nullable String idOf(ScheduledTaskObservationContext context) {
		UnitOfWork unit = context.get(UnitOfWork.class);
		return (unit != null) ? unit.requestId() : null;
	}

}
