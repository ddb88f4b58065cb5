package dev.secretlife.observability.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DroppedSpansMeterProviderTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Meter meter = new DroppedSpansMeterProvider(() -> this.registry).get("io.opentelemetry.sdk.trace");

	@Test
	void countsLegacyProcessedSpansOnlyWhenDropped() {
		LongCounter processed = this.meter.counterBuilder("processedSpans").build();
		processed.add(5, Attributes.of(AttributeKey.booleanKey("dropped"), false));
		processed.add(3, Attributes.of(AttributeKey.booleanKey("dropped"), true));
		assertThat(dropped(DroppedSpansMeterProvider.REASON_QUEUE_FULL)).isEqualTo(3);
	}

	@Test
	void countsSemanticConventionProcessedSpansWithAnErrorTypeUnderABoundedReason() {
		LongCounter processed = this.meter.counterBuilder("otel.sdk.processor.span.processed").build();
		processed.add(7, Attributes.empty());
		processed.add(2, Attributes.of(AttributeKey.stringKey("error.type"), "queue_full"));
		processed.add(4, Attributes.of(AttributeKey.stringKey("error.type"), "something-new-" + System.nanoTime()));
		assertThat(dropped(DroppedSpansMeterProvider.REASON_QUEUE_FULL)).isEqualTo(2);
		assertThat(dropped(DroppedSpansMeterProvider.REASON_OTHER)).isEqualTo(4);
		assertThat(this.registry.find(DroppedSpansMeterProvider.METER_NAME).counters()).hasSize(3);
	}

	@Test
	void leavesEveryOtherInstrumentANoOp() {
		this.meter.counterBuilder("exporterSpans").build().add(10, Attributes.empty());
		this.meter.gaugeBuilder("queueSize").ofLongs().buildWithCallback((measurement) -> measurement.record(1));
		assertThat(this.registry.getMeters()).isEmpty();
	}

	private double dropped(String reason) {
		return this.registry.get(DroppedSpansMeterProvider.METER_NAME)
			.tag(DroppedSpansMeterProvider.REASON_TAG, reason)
			.counter()
			.count();
	}

}
