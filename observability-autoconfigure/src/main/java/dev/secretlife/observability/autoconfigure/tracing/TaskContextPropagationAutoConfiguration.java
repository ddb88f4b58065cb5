package dev.secretlife.observability.autoconfigure.tracing;

import dev.secretlife.observability.tracing.MdcCopyingTaskDecorator;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * {@link AutoConfiguration Auto-configuration} of a task decorator that Spring Boot applies to its auto-configured
 * {@code ThreadPoolTaskExecutor} (and so to {@code @Async} methods and {@code CompletableFuture}s run on it) and
 * {@code ThreadPoolTaskScheduler}: a task runs with its submitter's trace (the current observation), request ID and
 * logging MDC, and leaves the worker thread as it found it. Needs only context propagation, not tracing: without a
 * tracer the request ID and MDC still travel.
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
@ConditionalOnBooleanProperty(name = "observability.tracing.propagate-to-tasks", matchIfMissing = true)
public final class TaskContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MdcCopyingTaskDecorator contextPropagatingTaskDecorator() {
		return new MdcCopyingTaskDecorator(new ContextPropagatingTaskDecorator());
	}

}
