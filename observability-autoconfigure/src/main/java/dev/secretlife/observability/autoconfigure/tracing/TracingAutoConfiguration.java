package dev.secretlife.observability.autoconfigure.tracing;

import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.tracing.BaggageRequestIdSource;
import dev.secretlife.observability.tracing.ReactiveExcludedPathsPredicate;
import dev.secretlife.observability.tracing.ReactiveServerSpanHandler;
import dev.secretlife.observability.tracing.ServerSpanDecorator;
import dev.secretlife.observability.tracing.ServletExcludedPathsPredicate;
import dev.secretlife.observability.tracing.ServletServerSpanHandler;
import dev.secretlife.observability.web.ExcludedPaths;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link AutoConfiguration Auto-configuration} that joins Spring Boot's tracing to the rest of the starter: trace
 * headers on responses, the request ID in the baggage and on the server span, the caller's request ID taken from
 * the baggage, and paths left untraced. Backs off entirely without a Micrometer {@link Tracer}.
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
	static BeanPostProcessor requestIdBaggagePostProcessor(Environment environment) {
		// Read from the environment: a post-processor that pulled in the properties bean would create it before
		// binding is in place.
		Binder binder = Binder.get(environment);
		boolean enabled = binder.bind("observability.tracing.enabled", Boolean.class).orElse(true);
		String field = binder.bind("observability.tracing.request-id-baggage-field", String.class)
			.orElse(new TracingProperties().getRequestIdBaggageField());
		return new RequestIdBaggagePostProcessor(enabled ? emptyToNull(field) : null);
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

	/**
	 * Makes the request ID a remote baggage field of Spring Boot's tracing, added to whatever fields the application
	 * lists itself, and lets the request ID resolver fall back to the caller's baggage.
	 */
	static final class RequestIdBaggagePostProcessor implements BeanPostProcessor {

		private final @Nullable String field;

		RequestIdBaggagePostProcessor(@Nullable String field) {
			this.field = field;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (this.field == null) {
				return bean;
			}
			if (bean instanceof org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties tracing) {
				List<String> remoteFields = tracing.getBaggage().getRemoteFields();
				if (!remoteFields.contains(this.field)) {
					List<String> fields = new ArrayList<>(remoteFields);
					fields.add(this.field);
					tracing.getBaggage().setRemoteFields(fields);
				}
			}
			else if (bean instanceof RequestIdResolver resolver) {
				return resolver.withFallback(new BaggageRequestIdSource(this.field));
			}
			return bean;
		}

	}

}
