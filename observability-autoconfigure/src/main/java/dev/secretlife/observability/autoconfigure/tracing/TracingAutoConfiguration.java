package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.BaggageRequestIdSource;
import dev.secretlife.observability.tracing.FailedUnitSpanMarker;
import dev.secretlife.observability.tracing.ReactiveExcludedPathsPredicate;
import dev.secretlife.observability.tracing.ReactiveServerSpanHandler;
import dev.secretlife.observability.tracing.ScheduledTaskSpanHandler;
import dev.secretlife.observability.tracing.ServerSpanDecorator;
import dev.secretlife.observability.tracing.ServletExcludedPathsPredicate;
import dev.secretlife.observability.tracing.ServletServerSpanHandler;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import dev.secretlife.observability.web.ExcludedPaths;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.StringUtils;

/**
 * {@link AutoConfiguration Auto-configuration} that joins Spring Boot's tracing to the rest of the starter: trace
 * headers on responses, the request ID (and a scheduled run's ID) in the baggage and on the span, the caller's request
 * ID taken from the baggage when its header is missing, the trace ID on every unit's summary line, and paths left
 * untraced. Backs off entirely without a Micrometer {@link Tracer}. It adds beans of its own and changes none of
 * Spring Boot's: with W3C propagation (Boot's default) the request ID travels in the {@code baggage} header.
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, MicrometerTracingAutoConfiguration.class })
@ConditionalOnBean(Tracer.class)
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public final class TracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerSpanDecorator serverSpanDecorator(Tracer tracer, TracingProperties properties) {
		return new ServerSpanDecorator(tracer, properties.getResponseHeaders().isTraceResponse(),
				emptyToNull(properties.getResponseHeaders().getTraceId()),
				emptyToNull(properties.getRequestIdBaggageField()), properties.isLogUnhandledExceptions());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnExpression("'${observability.tracing.request-id-baggage-field:requestId}'.trim() != ''")
	BaggageRequestIdSource baggageRequestIdSource(TracingProperties properties) {
		return new BaggageRequestIdSource(properties.getRequestIdBaggageField().trim());
	}

	@Bean
	@ConditionalOnMissingBean
	UnitOfWorkSupport.LogContext unitOfWorkTraceLogContext(Tracer tracer) {
		return (context) -> {
			Span span = ServerSpanDecorator.spanOf(context);
			return (span != null) ? tracer.withSpan(span) : null;
		};
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.tracing.keep.errors", matchIfMissing = true)
	FailedUnitSpanMarker failedUnitSpanMarker(Tracer tracer) {
		return new FailedUnitSpanMarker(tracer);
	}

	static @Nullable String emptyToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(org.springframework.http.server.observation.ServerRequestObservationContext.class)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletServerSpanHandler servletServerSpanHandler(ServerSpanDecorator decorator) {
			return new ServletServerSpanHandler(decorator);
		}

		@Bean
		@ConditionalOnMissingBean
		ServletExcludedPathsPredicate servletExcludedPathsPredicate(TracingProperties properties) {
			return new ServletExcludedPathsPredicate(new ExcludedPaths(properties.getExcludePaths()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ScheduledTaskObservationContext.class)
	static class ScheduledTaskConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskSpanHandler scheduledTaskSpanHandler(ServerSpanDecorator decorator) {
			return new ScheduledTaskSpanHandler(decorator);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(org.springframework.http.server.reactive.observation.ServerRequestObservationContext.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveServerSpanHandler reactiveServerSpanHandler(ServerSpanDecorator decorator) {
			return new ReactiveServerSpanHandler(decorator);
		}

		@Bean
		@ConditionalOnMissingBean
		ReactiveExcludedPathsPredicate reactiveExcludedPathsPredicate(TracingProperties properties) {
			return new ReactiveExcludedPathsPredicate(new ExcludedPaths(properties.getExcludePaths()));
		}

	}

}
