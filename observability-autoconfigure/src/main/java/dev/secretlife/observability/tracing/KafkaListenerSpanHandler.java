package dev.secretlife.observability.tracing;

import dev.secretlife.observability.unit.UnitOfWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Applies the {@link ServerSpanDecorator}'s ID handling to the span of each consumed Kafka record: the unit's ID in
 * the trace's baggage while the listener runs (so that calls and records it sends carry it, a generated ID replacing
 * a hostile one the producer's baggage may hold) and as a span attribute. Registered after the tracing handlers, so
 * the span is current when this handler's scope opens.
 */
public final class KafkaListenerSpanHandler implements ObservationHandler<KafkaRecordReceiverContext> {

	private final ServerSpanDecorator decorator;

	public KafkaListenerSpanHandler(ServerSpanDecorator decorator) {
		this.decorator = decorator;
	}

	@Override
	public void onScopeOpened(KafkaRecordReceiverContext context) {
		this.decorator.onScopeOpened(idOf(context));
	}

	@Override
	public void onScopeClosed(KafkaRecordReceiverContext context) {
		this.decorator.onScopeClosed();
	}

	@Override
	public void onStop(KafkaRecordReceiverContext context) {
		this.decorator.onStop(ServerSpanDecorator.spanOf(context), idOf(context));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaRecordReceiverContext;
	}

	private static @Nullable String idOf(KafkaRecordReceiverContext context) {
		UnitOfWork unit = context.get(UnitOfWork.class);
		return (unit != null) ? unit.requestId() : null;
	}

}
