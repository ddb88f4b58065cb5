package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.NewTraceReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class IncomingTraceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, IncomingTraceAutoConfiguration.class));

	@Test
	void shouldLeaveSpringBootsReceivingHandlerByDefault() {
		this.contextRunner.run((context) -> assertThat(context)
			.hasSingleBean(PropagatingReceiverTracingObservationHandler.class)
			.doesNotHaveBean(NewTraceReceiverTracingObservationHandler.class));
	}

	@Test
	void shouldReplaceTheReceivingHandlerWhenIncomingTracesAreNotTrusted() {
		this.contextRunner.withPropertyValues("observability.tracing.trust-incoming-trace=false")
			.run((context) -> assertThat(context).hasSingleBean(PropagatingReceiverTracingObservationHandler.class)
				.hasSingleBean(NewTraceReceiverTracingObservationHandler.class));
	}

	@Test
	void shouldDoNothingWhenTracingIsSwitchedOff() {
		this.contextRunner
			.withPropertyValues("observability.tracing.trust-incoming-trace=false", "observability.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NewTraceReceiverTracingObservationHandler.class));
	}

}
