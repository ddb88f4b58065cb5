package dev.secretlife.observability.autoconfigure.unit;

import dev.secretlife.observability.autoconfigure.errors.ErrorsAutoConfiguration;
import dev.secretlife.observability.autoconfigure.jdbc.JdbcObservabilityAutoConfiguration;
import dev.secretlife.observability.autoconfigure.jdbc.JdbcObservabilityProperties;
import dev.secretlife.observability.autoconfigure.logging.LoggingProperties;
import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.requestid.RequestIdProperties;
import dev.secretlife.observability.autoconfigure.tracing.TracingAutoConfiguration;
import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.logging.PathMasker;
import dev.secretlife.observability.requestid.RequestIdGenerator;
import dev.secretlife.observability.unit.ReactiveUnitOfWorkHandler;
import dev.secretlife.observability.unit.ScheduledTaskUnitOfWorkHandler;
import dev.secretlife.observability.unit.ServletUnitOfWorkHandler;
import dev.secretlife.observability.unit.TaskSummaryLogger;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * {@link AutoConfiguration Auto-configuration} of the unit-of-work pipeline: every HTTP request (servlet or reactive)
 * and every run of a {@code @Scheduled} method that Spring observes becomes a unit of work, which the summary lines,
 * the JDBC accounting and the span additions read when it ends. The facts come from Spring's own observations
 * ({@code http.server.requests}, {@code tasks.scheduled.execution}), which Spring Boot switches on by default.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		after = { RequestIdAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class,
				TracingAutoConfiguration.class, ErrorsAutoConfiguration.class })
@ConditionalOnClass(ObservationRegistry.class)
@EnableConfigurationProperties(TaskLogProperties.class)
public final class UnitOfWorkAutoConfiguration {

	/** Order of the JDBC listener among the unit-of-work listeners: first, so that its warnings precede the line. */
	public static final int JDBC_LISTENER_ORDER = 0;

	/** Order of the summary-line listeners: after every listener that adds to the line. */
	public static final int SUMMARY_LINE_ORDER = 100;

	@Bean
	@ConditionalOnMissingBean
	UnitOfWorkSupport unitOfWorkSupport(ObjectProvider<JdbcObservabilityProperties> jdbc,
			ObjectProvider<RequestIdProperties> requestId, ObjectProvider<UnitOfWorkSupport.LogContext> logContext,
			ObjectProvider<UnitOfWorkListener> listeners, ObjectProvider<LoggingProperties> logging) {
		JdbcObservabilityProperties jdbcProperties = jdbc.getIfAvailable();
		RequestIdProperties requestIdProperties = requestId.getIfAvailable();
		return new UnitOfWorkSupport(jdbcProperties != null,
				jdbcProperties != null && jdbcProperties.getNPlusOne().isEnabled(),
				(requestIdProperties != null) ? requestIdProperties.getMdcKey() : null,
				logContext.getIfAvailable(() -> UnitOfWorkSupport.LogContext.NONE),
				() -> listeners.orderedStream().toList(), pathMasker(logging.getIfAvailable()));
	}

	private static PathMasker pathMasker(@Nullable LoggingProperties logging) {
		if (logging == null) {
			return new PathMasker();
		}
		LoggingProperties.Mask mask = logging.getMask();
		return new PathMasker(mask.getKeys(), mask.isBearerTokens(), mask.getValuePatterns(),
				PathMasker.DEFAULT_MAX_LENGTH);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(org.springframework.http.server.observation.ServerRequestObservationContext.class)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletUnitOfWorkHandler servletUnitOfWorkHandler(UnitOfWorkSupport support) {
			return new ServletUnitOfWorkHandler(support);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(org.springframework.http.server.reactive.observation.ServerRequestObservationContext.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveUnitOfWorkHandler reactiveUnitOfWorkHandler(UnitOfWorkSupport support) {
			return new ReactiveUnitOfWorkHandler(support);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ScheduledTaskObservationContext.class)
	static class ScheduledTaskConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskUnitOfWorkHandler scheduledTaskUnitOfWorkHandler(UnitOfWorkSupport support,
				ObjectProvider<RequestIdGenerator> idGenerator) {
			return new ScheduledTaskUnitOfWorkHandler(support, idGenerator.getIfAvailable());
		}

		@Bean
		@Order(SUMMARY_LINE_ORDER)
		@ConditionalOnMissingBean
		@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
		@ConditionalOnBooleanProperty(name = "observability.task-log.enabled", matchIfMissing = true)
		TaskSummaryLogger taskSummaryLogger(ObjectProvider<FailureReporter> failureReporter) {
			// A failure that the failure reporting logs is not logged twice.
			return new TaskSummaryLogger(failureReporter.getIfAvailable() == null);
		}

	}

}
