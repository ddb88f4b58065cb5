package dev.secretlife.observability.errors;

import java.lang.reflect.Method;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;

/**
 * Reports the exception of an {@code @Async} method that returns nothing, in place of Spring's
 * {@code SimpleAsyncUncaughtExceptionHandler}: called on the thread that ran the method, where the caller's request
 * ID and trace are in the MDC when the executor carries them over (the starter's task decorator does).
 */
public final class AsyncFailureHandler implements AsyncUncaughtExceptionHandler {

	private final FailureReporter reporter;

	public AsyncFailureHandler(FailureReporter reporter) {
		this.reporter = reporter;
	}

	@Override
	public void handleUncaughtException(Throwable ex, Method method, Object... params) {
		// The parameters are the application's data: never logged.
		Class<?> type = method.getDeclaringClass();
		String simpleName = type.getSimpleName();
		this.reporter.report(ex, FailureKind.ASYNC, (simpleName.isEmpty() ? type.getName() : simpleName) + "."
				+ method.getName(), null);
	}

}
