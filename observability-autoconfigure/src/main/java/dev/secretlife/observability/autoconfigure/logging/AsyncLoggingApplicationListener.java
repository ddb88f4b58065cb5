package dev.secretlife.observability.autoconfigure.logging;

import ch.qos.logback.classic.LoggerContext;
import dev.secretlife.observability.logging.AsyncLogging;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts the root logger's appenders behind the non-blocking asynchronous appender when
 * {@code observability.logging.async.enabled=true}. Runs right after Spring Boot has initialized logging, before
 * the application context exists, so that startup lines take the same path as all others.
 */
public class AsyncLoggingApplicationListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/** Right after Boot's {@link LoggingApplicationListener}. */
	public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		if (!ClassUtils.isPresent("net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender", classLoader)) {
			return;
		}
		LoggingProperties properties = Binder.get(event.getEnvironment())
			.bindOrCreate(LoggingProperties.PREFIX, LoggingProperties.class);
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		if (properties.getAsync().isEnabled() && loggerFactory instanceof LoggerContext context) {
			AsyncLogging.install(context, properties.getAsync().getQueueSize());
		}
	}

}
