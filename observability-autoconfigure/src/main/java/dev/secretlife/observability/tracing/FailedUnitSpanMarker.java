package dev.secretlife.observability.tracing;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Marks the span of a failed unit of work (an exception, a 5xx, a run that threw) that was not sampled at its start
 * with {@value KeepingSpanProcessor#ATTRIBUTE}={@value KeepingSpanProcessor#REASON_ERROR}, so that the
 * {@link KeepingSpanProcessor} exports its trace when the span ends. A 5xx written without an exception leaves the
 * span's status unset, which is why the unit, not the span, decides. The unit's span is current while unit listeners
 * run.
 */
public final class FailedUnitSpanMarker implements UnitOfWorkListener {

	private final Tracer tracer;

	/**
	 * Creates the marker.
	 * @param tracer the tracer
	 */
	public FailedUnitSpanMarker(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onEnd(UnitOfWork unit) {
		if (!unit.failed()) {
			return;
		}
		Span span = this.tracer.currentSpan();
		if (span != null && !Boolean.TRUE.equals(span.context().sampled())) {
			span.tag(KeepingSpanProcessor.ATTRIBUTE, KeepingSpanProcessor.REASON_ERROR);
		}
	}

}
