package dev.secretlife.observability.autoconfigure.errors;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import dev.secretlife.observability.autoconfigure.logging.LoggingProperties;
import dev.secretlife.observability.errors.AsyncFailureHandler;
import dev.secretlife.observability.errors.DuplicateFailureLogFilter;
import dev.secretlife.observability.errors.ErrorsEndpoint;
import dev.secretlife.observability.errors.FailureMetrics;
import dev.secretlife.observability.errors.FailureRecorder;
import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.errors.FailureTable;
import dev.secretlife.observability.errors.LoggedFailures;
import dev.secretlife.observability.errors.UnitFailureListener;
import dev.secretlife.observability.logging.SecretValueMasker;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.util.ClassUtils;

/**
 * {@link AutoConfiguration Auto-configuration} of the failure reporting: every unhandled failure of a unit of work
 * (request, {@code @Scheduled} run) and of an {@code @Async} method is logged once, with its stack trace and the
 * unit's IDs, and the servlet container's and Spring's own lines of the same exception (without the IDs) are left
 * out.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
@ConditionalOnBooleanProperty(name = "observability.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErrorsProperties.class)
public final class ErrorsAutoConfiguration {

	/** Order of the failure listener among the unit-of-work listeners: before the summary lines. */
	public static final int FAILURE_LISTENER_ORDER = 50;

	/** The text that replaces a secret, as in the JSON log lines. */
	private static final String MASK = "****";

	private static final String MASKER_LIBRARY_CLASS = "net.logstash.logback.mask.ValueMasker";

	private static final String NO_MASKER = "(not kept: no masker on the class path)";

	@Bean
	@ConditionalOnMissingBean
	LoggedFailures loggedFailures() {
		return new LoggedFailures();
	}

	@Bean
	@ConditionalOnMissingBean
	FailureTable failureTable(ErrorsProperties properties, ObjectProvider<LoggingProperties> logging) {
		return new FailureTable(properties.getMaxFingerprints(), properties.getMaxMessageLength(),
				messageMasker(logging.getIfAvailable()), Clock.systemUTC());
	}

	// Exception messages are masked as the JSON log lines mask message text; without the JSON encoder's masker on
	// the class path no message is kept.
	private static UnaryOperator<String> messageMasker(@Nullable LoggingProperties logging) {
		if (!ClassUtils.isPresent(MASKER_LIBRARY_CLASS, ErrorsAutoConfiguration.class.getClassLoader())) {
			return (message) -> NO_MASKER;
		}
		return Masking.masker((logging != null) ? logging.getMask() : new LoggingProperties.Mask());
	}

	/** Holds the references to the masker, a class of logstash-logback-encoder, away from the outer class. */
	private static final class Masking {

		static UnaryOperator<String> masker(LoggingProperties.Mask mask) {
			SecretValueMasker masker = new SecretValueMasker(mask.getKeys(), mask.isBearerTokens(),
					mask.getValuePatterns(), MASK);
			return (message) -> (masker.mask(null, message) instanceof String masked) ? masked : message;
		}

	}

	@Bean
	@ConditionalOnMissingBean
	FailureReporter failureReporter(LoggedFailures loggedFailures, ObjectProvider<FailureRecorder> recorders) {
		return new FailureReporter(true, loggedFailures, recorders.orderedStream().toList());
	}

	@Bean
	@Order(FAILURE_LISTENER_ORDER)
	@ConditionalOnMissingBean
	@ConditionalOnClass(UnitOfWorkListener.class)
	UnitFailureListener unitFailureListener(FailureReporter failureReporter) {
		return new UnitFailureListener(failureReporter);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FailureMetrics failureMetrics(MeterRegistry meterRegistry, FailureTable failureTable,
				ErrorsProperties properties) {
			return new FailureMetrics(meterRegistry, failureTable, properties.getMaxExceptionTags());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(ErrorsEndpoint.class)
		ErrorsEndpoint errorsEndpoint(FailureTable failureTable) {
			return new ErrorsEndpoint(failureTable);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ch.qos.logback.classic.LoggerContext.class)
	static class LogbackConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DuplicateFailureLogFilter duplicateFailureLogFilter(LoggedFailures loggedFailures) {
			return DuplicateFailureLogFilter.install(loggedFailures);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AsyncConfigurer.class)
	static class AsyncConfiguration {

		// Only when the application has no AsyncConfigurer of its own: it decides about its @Async failures.
		// Spring Boot's task execution wraps this one, so that @Async methods still run on its executor.
		@Bean
		@ConditionalOnMissingBean(AsyncConfigurer.class)
		AsyncConfigurer failureReportingAsyncConfigurer(FailureReporter failureReporter) {
			AsyncFailureHandler handler = new AsyncFailureHandler(failureReporter);
			return new AsyncConfigurer() {

				@Override
				public @Nullable Executor getAsyncExecutor() {
					return null;
				}

				@Override
				public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
					return handler;
				}

			};
		}

	}

}
