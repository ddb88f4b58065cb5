package dev.secretlife.observability.tracing;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts, in Micrometer, what the {@link KeepingSpanProcessor} keeps ({@value KeepingSpanProcessor#KEPT_METER_NAME},
 * by reason) and drops ({@value DroppedSpansMeterProvider#METER_NAME} with reason
 * {@value DroppedSpansMeterProvider#REASON_KEEP_BUFFER_FULL}). The registry is looked up on first use, as the tracer
 * may be built before it.
 */
public final class KeepingMetrics implements KeepingSpanProcessor.Metrics {

	private final Supplier<@Nullable MeterRegistry> registry;

	/**
	 * Creates the metrics.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public KeepingMetrics(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void kept(String reason) {
		MeterRegistry registry = this.registry.get();
		if (registry != null) {
			Counter.builder(KeepingSpanProcessor.KEPT_METER_NAME)
				.description("Units of work not sampled at their start whose trace was exported after all, because "
						+ "they failed or were slow")
				.tag("reason", reason)
				.register(registry)
				.increment();
		}
	}

	@Override
	public void dropped(int spans) {
		MeterRegistry registry = this.registry.get();
		if (registry != null) {
			Counter.builder(DroppedSpansMeterProvider.METER_NAME)
				.description(DroppedSpansMeterProvider.DESCRIPTION)
				.tag(DroppedSpansMeterProvider.REASON_TAG, DroppedSpansMeterProvider.REASON_KEEP_BUFFER_FULL)
				.register(registry)
				.increment(spans);
		}
	}

}
