package dev.secretlife.observability.autoconfigure.logging;

import ch.qos.logback.classic.LoggerContext;
import dev.secretlife.observability.logging.AsyncLogging;
import dev.secretlife.observability.logging.DroppedLogEvents;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} for log output. The format itself is chosen before the context
 * exists ({@link LoggingEnvironmentPostProcessor}); this registers the properties and the metric of the
 * asynchronous appender.
 */
@AutoConfiguration
@ConditionalOnClass({ LoggerContext.class, LogstashEncoder.class })
@EnableConfigurationProperties(LoggingProperties.class)
public final class LoggingAutoConfiguration {

	/**
	 * Name of the counter of log events dropped by the asynchronous appender, tagged {@code reason}:
	 * {@code queue_full} or {@code shutdown} (asynchronous appender), {@code buffer_full} (log buffer).
	 */
	public static final String DROPPED_EVENTS_METRIC = "observability.logging.events.dropped";

	/** Description of {@value #DROPPED_EVENTS_METRIC}, shared by every reason. */
	static final String DROPPED_EVENTS_DESCRIPTION = "Log events dropped or lost";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	@ConditionalOnBooleanProperty(name = "observability.logging.async.enabled")
	static class AsyncMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "droppedLogEventsMeterBinder")
		MeterBinder droppedLogEventsMeterBinder() {
			return (registry) -> {
				if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
					DroppedLogEvents dropped = AsyncLogging.droppedEvents(context);
					if (dropped != null) {
						FunctionCounter.builder(DROPPED_EVENTS_METRIC, dropped, DroppedLogEvents::queueFull)
							.description(DROPPED_EVENTS_DESCRIPTION)
							.tag("reason", "queue_full")
							.register(registry);
						FunctionCounter.builder(DROPPED_EVENTS_METRIC, dropped, DroppedLogEvents::shutdown)
							.description(DROPPED_EVENTS_DESCRIPTION)
							.tag("reason", "shutdown")
							.register(registry);
					}
				}
			};
		}

	}

}
