package dev.secretlife.observability.autoconfigure.errors;

import java.util.concurrent.Executor;

import dev.secretlife.observability.errors.AsyncFailureHandler;
import dev.secretlife.observability.errors.DuplicateFailureLogFilter;
import dev.secretlife.observability.errors.FailureRecorder;
import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.errors.LoggedFailures;
import dev.secretlife.observability.errors.UnitFailureListener;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * {@link AutoConfiguration Auto-configuration} of the failure reporting: every unhandled failure of a unit of work
 * (request, {@code @Scheduled} run) and of an {@code @Async} method is logged once, with its stack trace and the
 * unit's IDs, and the servlet container's and Spring's own lines of the same exception (without the IDs) are left
 * out.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
@ConditionalOnBooleanProperty(name = "observability.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErrorsProperties.class)
public final class ErrorsAutoConfiguration {

	/** Order of the failure listener among the unit-of-work listeners: before the summary lines. */
	public static final int FAILURE_LISTENER_ORDER = 50;

	@Bean
	@ConditionalOnMissingBean
	LoggedFailures loggedFailures() {
		return new LoggedFailures();
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
