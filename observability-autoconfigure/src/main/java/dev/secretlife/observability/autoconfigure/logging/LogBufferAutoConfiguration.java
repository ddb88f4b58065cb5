package dev.secretlife.observability.autoconfigure.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.secretlife.observability.autoconfigure.tracing.TracingProperties;
import dev.secretlife.observability.logging.LogBuffer;
import dev.secretlife.observability.logging.LogBufferFilter;
import dev.secretlife.observability.logging.LogBufferListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.logstash.logback.encoder.LogstashEncoder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * {@link AutoConfiguration Auto-configuration} of the log buffer ({@code observability.logging.buffer.level}): during
 * a unit of work, lines that the logger configuration would not write are held and written only when the unit fails,
 * logs an error line or is slower than {@code observability.tracing.keep.slower-than}.
 */
@AutoConfiguration(after = LoggingAutoConfiguration.class)
@ConditionalOnClass({ LoggerContext.class, LogstashEncoder.class })
@ConditionalOnProperty(name = "observability.logging.buffer.level")
@EnableConfigurationProperties({ LoggingProperties.class, TracingProperties.class })
public final class LogBufferAutoConfiguration {

	/**
	 * Order of the buffer's listener among the unit-of-work listeners: before every other, so that the held lines
	 * precede the unit's warnings, failure line and summary line.
	 */
	public static final int LOG_BUFFER_LISTENER_ORDER = -100;

	/**
	 * Name of the counter of units of work whose held lines were written, tagged {@code reason}: {@code error} or
	 * {@code slow}.
	 */
	public static final String FLUSHED_METRIC = "observability.logging.buffer.flushed";

	/** Value of the {@code reason} tag of {@value LoggingAutoConfiguration#DROPPED_EVENTS_METRIC} for held lines. */
	public static final String DROPPED_REASON_BUFFER_FULL = "buffer_full";

	@Bean
	@ConditionalOnMissingBean
	LogBuffer logBuffer(LoggingProperties properties) {
		LoggingProperties.Buffer buffer = properties.getBuffer();
		String level = (buffer.getLevel() != null) ? buffer.getLevel().name() : "OFF";
		return new LogBuffer(Level.toLevel(level.equals("FATAL") ? "ERROR" : level, Level.OFF),
				buffer.getMaxLinesPerUnit(), buffer.getMaxBytesPerUnit().toBytes(), buffer.getMaxBytes().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	LogBufferFilter logBufferFilter(LogBuffer logBuffer) {
		return LogBufferFilter.install(logBuffer);
	}

	@Bean
	@Order(LOG_BUFFER_LISTENER_ORDER)
	@ConditionalOnMissingBean
	LogBufferListener logBufferListener(LogBuffer logBuffer, TracingProperties tracing) {
		return new LogBufferListener(logBuffer, tracing.getKeep().getSlowerThan());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "logBufferMeterBinder")
		MeterBinder logBufferMeterBinder(LogBuffer logBuffer) {
			return (registry) -> {
				FunctionCounter.builder(LoggingAutoConfiguration.DROPPED_EVENTS_METRIC, logBuffer, LogBuffer::dropped)
					.description(LoggingAutoConfiguration.DROPPED_EVENTS_DESCRIPTION)
					.tag("reason", DROPPED_REASON_BUFFER_FULL)
					.register(registry);
				for (LogBuffer.Keep reason : LogBuffer.Keep.values()) {
					FunctionCounter.builder(FLUSHED_METRIC, logBuffer, (buffer) -> buffer.kept(reason))
						.description("Units of work whose held log lines were written")
						.tag("reason", reason.tag())
						.register(registry);
				}
			};
		}

	}

}
