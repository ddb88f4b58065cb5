package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.FailureLoggingSpanExporter;
import io.micrometer.tracing.otel.bridge.OtelTracer;
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

/**
 * {@link AutoConfiguration Auto-configuration} that makes span export fail quietly: every {@link SpanExporter} bean
 * (OTLP, Zipkin, your own) is handed to OpenTelemetry wrapped in a {@link FailureLoggingSpanExporter}, so that an
 * unreachable collector is reported at most once per interval. Runs before Spring Boot's OpenTelemetry tracing, whose
 * own {@link SpanExporters} bean then backs off.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass({ OtelTracer.class, SpanExporter.class, SpanExporters.class })
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public final class SpanExportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, TracingProperties properties) {
		return SpanExporters.of(spanExporters.orderedStream()
			.map((exporter) -> (SpanExporter) new FailureLoggingSpanExporter(exporter,
					properties.getExportFailureLogInterval()))
			.toList());
	}

}
