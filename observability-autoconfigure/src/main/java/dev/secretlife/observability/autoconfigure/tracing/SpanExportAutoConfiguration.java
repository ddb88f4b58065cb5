package dev.secretlife.observability.autoconfigure.tracing;

import java.util.function.LongConsumer;

import dev.secretlife.observability.tracing.DroppedSpansMeterProvider;
import dev.secretlife.observability.tracing.FailureLoggingSpanExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} that makes span export fail quietly: every {@link SpanExporter} bean
 * (OTLP, Zipkin, your own) is handed to OpenTelemetry wrapped in a {@link FailureLoggingSpanExporter}, so that an
 * unreachable collector is reported at most once per interval. Runs before Spring Boot's OpenTelemetry tracing, whose
 * own {@link SpanExporters} bean then backs off. Spans lost on the way, in a full queue or a failed export, are
 * counted in {@value DroppedSpansMeterProvider#METER_NAME}.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass({ OtelTracer.class, SpanExporter.class, SpanExporters.class })
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public final class SpanExportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, TracingProperties properties,
			ObjectProvider<DroppedSpansMeterProvider> droppedSpans) {
		LongConsumer lostSpans = (spans) -> droppedSpans
			.ifAvailable((counter) -> counter.spansLost(DroppedSpansMeterProvider.REASON_EXPORT_FAILED, spans));
		return SpanExporters.of(spanExporters.orderedStream()
			.map((exporter) -> (SpanExporter) new FailureLoggingSpanExporter(exporter,
					properties.getExportFailureLogInterval(), lostSpans))
			.toList());
	}

	/**
	 * Counts spans lost before export in {@value DroppedSpansMeterProvider#METER_NAME}: Spring Boot gives the
	 * {@link MeterProvider} bean to the batch span processor it builds, which reports the spans its full queue drops.
	 * Backs off when the application has a meter provider of its own (an OpenTelemetry metrics SDK), which then
	 * receives the processor's telemetry itself.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class DroppedSpansConfiguration {

		@Bean
		@ConditionalOnMissingBean(MeterProvider.class)
		DroppedSpansMeterProvider droppedSpansMeterProvider(ObjectProvider<MeterRegistry> registry) {
			return new DroppedSpansMeterProvider(registry::getIfAvailable);
		}

	}

}
