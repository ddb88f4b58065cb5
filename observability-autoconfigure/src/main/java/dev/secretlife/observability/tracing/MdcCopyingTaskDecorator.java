package dev.secretlife.observability.tracing;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs a task with the logging MDC its submitter had, then puts back exactly the MDC the worker thread had before, so
 * that a pooled thread never carries one task's fields into the next. Wraps a second decorator (context propagation:
 * trace, request ID) that runs inside the copied MDC.
 */
public final class MdcCopyingTaskDecorator implements TaskDecorator {

	private final TaskDecorator inner;

	/**
	 * Creates the decorator.
	 * @param inner the decorator to run inside the copied MDC
	 */
	public MdcCopyingTaskDecorator(TaskDecorator inner) {
		this.inner = inner;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Runnable decorated = this.inner.decorate(runnable);
		@Nullable Map<String, String> submitter = MDC.getCopyOfContextMap();
		return () -> {
			@Nullable Map<String, String> worker = MDC.getCopyOfContextMap();
			setContextMap(submitter);
			try {
				decorated.run();
			}
			finally {
				setContextMap(worker);
			}
		};
	}

	private static void setContextMap(@Nullable Map<String, String> map) {
		if (map == null || map.isEmpty()) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(map);
		}
	}

}
