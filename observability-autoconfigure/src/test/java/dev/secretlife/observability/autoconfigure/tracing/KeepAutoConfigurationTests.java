package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.FailedUnitSpanMarker;
import dev.secretlife.observability.tracing.KeepingSpanProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeping failed and slow units is on by default (for failures), wraps Spring Boot's own sampler without replacing
 * the bean, and is gone entirely when switched off.
 */
class KeepAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, SpanExportAutoConfiguration.class,
				TracingAutoConfiguration.class));

	@Test
	void byDefaultFailedUnitsAreKeptThroughBootsOwnSampler() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.25").run((context) -> {
			assertThat(context).hasSingleBean(KeepingSpanProcessor.class).hasSingleBean(FailedUnitSpanMarker.class);
			String sampler = context.getBean(SdkTracerProvider.class).getSampler().getDescription();
			assertThat(sampler).startsWith("KeepingSampler{").contains("0.25");
			assertThat(context.getBean(KeepingSpanProcessor.class).toString()).as("units of 2 s or more are slow")
				.contains("keepErrors=true", "slowerThanNanos=2000000000");
			assertThat(context.getBean(io.opentelemetry.sdk.trace.samplers.Sampler.class).getDescription())
				.as("Spring Boot's sampler bean, unchanged").doesNotContain("KeepingSampler");
		});
	}

	@Test
	void switchedOffNothingIsRecordedBeyondTheHeadDecision() {
		this.contextRunner
			.withPropertyValues("observability.tracing.keep.errors=false", "observability.tracing.keep.slower-than=")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(KeepingSpanProcessor.class)
					.doesNotHaveBean(FailedUnitSpanMarker.class);
				assertThat(context.getBean(SdkTracerProvider.class).getSampler().getDescription())
					.doesNotContain("KeepingSampler");
			});
	}

	@Test
	void slowUnitsAloneCanBeKept() {
		this.contextRunner
			.withPropertyValues("observability.tracing.keep.errors=false", "observability.tracing.keep.slower-than=5s")
			.run((context) -> {
				assertThat(context).hasSingleBean(KeepingSpanProcessor.class)
					.doesNotHaveBean(FailedUnitSpanMarker.class);
				assertThat(context.getBean(KeepingSpanProcessor.class).toString())
					.contains("keepErrors=false", "slowerThanNanos=5000000000");
			});
	}

	@Test
	void withTheStartersTracingOffNothingIsKept() {
		this.contextRunner.withPropertyValues("observability.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KeepingSpanProcessor.class));
	}

}
