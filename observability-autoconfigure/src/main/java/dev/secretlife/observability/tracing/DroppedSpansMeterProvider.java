package dev.secretlife.observability.tracing;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * An OpenTelemetry {@link MeterProvider} that turns the span processors' own telemetry into the Micrometer counter
 * {@value #METER_NAME}: OpenTelemetry's {@code BatchSpanProcessor} drops a span when its queue is full (the collector
 * is slow or down and the queue has filled), and reports it on the meter provider it is given, as
 * {@code processedSpans} with {@code dropped=true} (legacy telemetry) or {@code otel.sdk.processor.span.processed}
 * with an {@code error.type} (semantic-convention telemetry). Every other instrument is a no-op.
 * <p>
 * Spring Boot hands the {@code MeterProvider} bean, when there is one, to the batch processor it builds, so counting
 * needs no change to Boot's beans.
 */
public final class DroppedSpansMeterProvider implements MeterProvider {

	/** Name of the counter of spans lost before export. */
	public static final String METER_NAME = "observability.tracing.spans.dropped";

	/** Tag of the counter that says why the spans were lost. */
	public static final String REASON_TAG = "reason";

	/** {@value #REASON_TAG} of spans dropped because the export queue was full. */
	public static final String REASON_QUEUE_FULL = "queue_full";

	/** {@value #REASON_TAG} of spans whose export failed (collector down, timeout, rejected). */
	public static final String REASON_EXPORT_FAILED = "export_failed";

	/**
	 * {@value #REASON_TAG} of unsampled spans that a unit of work could not hold for keeping (its bound, or the
	 * bound of all units, was reached): see {@link KeepingSpanProcessor}.
	 */
	public static final String REASON_KEEP_BUFFER_FULL = "keep_buffer_full";

	/** Description of the counter, the same wherever it is registered. */
	public static final String DESCRIPTION = "Spans lost before reaching the collector: dropped by a full export queue, "
			+ "in a failed export, or by the bounds of the spans held for keeping failed and slow units";

	/** {@value #REASON_TAG} of spans dropped for another reason the SDK reported. */
	public static final String REASON_OTHER = "other";

	private static final String LEGACY_PROCESSED = "processedSpans";

	private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

	private static final String PROCESSED = "otel.sdk.processor.span.processed";

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static final Meter NOOP = MeterProvider.noop().get("noop");

	private final Supplier<@Nullable MeterRegistry> registry;

	private volatile @Nullable Counters counters;

	/**
	 * Creates the provider.
	 * @param registry supplies the registry on first use, lazily, as the tracer may be built before it
	 */
	public DroppedSpansMeterProvider(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	/**
	 * Counts spans lost for a reason, from outside the SDK (an exporter that failed).
	 * @param reason one of the {@code REASON_} constants
	 * @param spans how many
	 */
	public void spansLost(String reason, long spans) {
		Counters counters = counters();
		if (counters != null && spans > 0) {
			counters.of(reason).increment(spans);
		}
	}

	private @Nullable Counters counters() {
		Counters counters = this.counters;
		if (counters == null) {
			MeterRegistry registry = this.registry.get();
			if (registry == null) {
				return null;
			}
			counters = new Counters(registry);
			this.counters = counters;
		}
		return counters;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return new DroppedSpansMeter();
			}

		};
	}

	/**
	 * The counters, one per reason, registered at zero so that a dashboard shows them before the first loss.
	 */
	private static final class Counters {

		private final Counter queueFull;

		private final Counter exportFailed;

		private final Counter other;

		Counters(MeterRegistry registry) {
			this.queueFull = counter(registry, REASON_QUEUE_FULL);
			this.exportFailed = counter(registry, REASON_EXPORT_FAILED);
			this.other = counter(registry, REASON_OTHER);
		}

		private static Counter counter(MeterRegistry registry, String reason) {
			return Counter.builder(METER_NAME)
				.description(DESCRIPTION)
				.tag(REASON_TAG, reason)
				.register(registry);
		}

		Counter of(String reason) {
			return switch (reason) {
				case REASON_QUEUE_FULL -> this.queueFull;
				case REASON_EXPORT_FAILED -> this.exportFailed;
				default -> this.other;
			};
		}

	}

	private final class DroppedSpansMeter implements Meter {

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			if (LEGACY_PROCESSED.equals(name) || PROCESSED.equals(name)) {
				counters();
				return new ProcessedSpansCounterBuilder(NOOP.counterBuilder(name));
			}
			return NOOP.counterBuilder(name);
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return NOOP.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return NOOP.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return NOOP.gaugeBuilder(name);
		}

	}

	private final class ProcessedSpansCounterBuilder implements LongCounterBuilder {

		private final LongCounterBuilder noop;

		ProcessedSpansCounterBuilder(LongCounterBuilder noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.noop.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new ProcessedSpansCounter();
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

	}

	private final class ProcessedSpansCounter implements LongCounter {

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(LEGACY_DROPPED))) {
				spansLost(REASON_QUEUE_FULL, value);
				return;
			}
			String errorType = attributes.get(ERROR_TYPE);
			if (errorType != null) {
				spansLost("queue_full".equals(errorType) ? REASON_QUEUE_FULL : REASON_OTHER, value);
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
