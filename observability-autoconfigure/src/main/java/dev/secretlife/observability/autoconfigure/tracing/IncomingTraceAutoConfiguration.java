package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.NewTraceReceiverTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link AutoConfiguration Auto-configuration} of edge services that distrust the trace context of their callers
 * ({@code observability.tracing.trust-incoming-trace=false}): the handler that starts the span of each received
 * request starts a new trace linked to the caller's. Runs before Spring Boot's Micrometer Tracing, whose own
 * receiving handler then backs off.
 */
@AutoConfiguration(before = MicrometerTracingAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, PropagatingReceiverTracingObservationHandler.class,
		MicrometerTracingAutoConfiguration.class })
@ConditionalOnBean({ Tracer.class, Propagator.class })
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.tracing.trust-incoming-trace", havingValue = false)
public final class IncomingTraceAutoConfiguration {

	@Bean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	@ConditionalOnMissingBean(PropagatingReceiverTracingObservationHandler.class)
	NewTraceReceiverTracingObservationHandler newTraceReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new NewTraceReceiverTracingObservationHandler(tracer, propagator);
	}

}
