package dev.secretlife.observability.autoconfigure.logging;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.secretlife.observability.autoconfigure.tracing.TracingProperties;
import dev.secretlife.observability.logging.LogBuffer;
import dev.secretlife.observability.logging.LogBufferFilter;
import dev.secretlife.observability.logging.LogBufferListener;
import dev.secretlife.observability.unit.UnitOfWork;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LogBufferAutoConfigurationTests {

	private static final String LOGGER = "dev.secretlife.observability.autoconfigure.logging.BufferedAtInfo";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoggingAutoConfiguration.class, LogBufferAutoConfiguration.class));

	private final ch.qos.logback.classic.Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory())
		.getLogger(LOGGER);

	@AfterEach
	void resetLevel() {
		this.logger.setLevel(null);
	}

	@Test
	void shouldSupplyNothingAndHoldNothingWhenTheLevelIsUnset() {
		this.logger.setLevel(Level.INFO);
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(LogBuffer.class)
				.doesNotHaveBean(LogBufferFilter.class)
				.doesNotHaveBean(LogBufferListener.class);
			try (UnitOfWork.Scope scope = new UnitOfWork(UnitOfWork.Kind.HTTP, null).enter(null)) {
				assertThat(LoggerFactory.getLogger(LOGGER).isDebugEnabled()).isFalse();
			}
		});
	}

	@Test
	void shouldInstallTheFilterWhileTheContextRunsWhenTheLevelIsSet() {
		this.logger.setLevel(Level.INFO);
		LogBufferFilter[] installed = new LogBufferFilter[1];
		this.contextRunner.withPropertyValues("observability.logging.buffer.level=debug").run((context) -> {
			assertThat(context).hasSingleBean(LogBuffer.class).hasSingleBean(LogBufferListener.class);
			installed[0] = context.getBean(LogBufferFilter.class);
			assertThat(installed[0].isInstalled()).isTrue();
			assertThat(context.getBean(LogBuffer.class).level()).isEqualTo(Level.DEBUG);
			try (UnitOfWork.Scope scope = new UnitOfWork(UnitOfWork.Kind.HTTP, null).enter(null)) {
				assertThat(LoggerFactory.getLogger(LOGGER).isDebugEnabled()).isTrue();
				assertThat(LoggerFactory.getLogger(LOGGER).isTraceEnabled()).isFalse();
			}
			assertThat(LoggerFactory.getLogger(LOGGER).isDebugEnabled()).isFalse();
		});
		assertThat(installed[0].isInstalled()).isFalse();
	}

	@Test
	void shouldBindTheBoundsAndTheSlowThreshold() {
		this.contextRunner
			.withPropertyValues("observability.logging.buffer.level=trace",
					"observability.logging.buffer.max-lines-per-unit=10",
					"observability.logging.buffer.max-bytes-per-unit=2KB", "observability.logging.buffer.max-bytes=1MB",
					"observability.tracing.keep.slower-than=250ms")
			.run((context) -> {
				LoggingProperties.Buffer buffer = context.getBean(LoggingProperties.class).getBuffer();
				assertThat(buffer.getMaxLinesPerUnit()).isEqualTo(10);
				assertThat(buffer.getMaxBytesPerUnit().toBytes()).isEqualTo(2048);
				assertThat(buffer.getMaxBytes().toBytes()).isEqualTo(1024 * 1024);
				assertThat(context.getBean(LogBuffer.class).level()).isEqualTo(Level.TRACE);
				assertThat(context.getBean(TracingProperties.class).getKeep().getSlowerThan())
					.isEqualTo(Duration.ofMillis(250));
			});
	}

	@Test
	void shouldRegisterTheFlushedAndDroppedCounters() {
		this.contextRunner.withPropertyValues("observability.logging.buffer.level=debug").run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("logBufferMeterBinder", MeterBinder.class).bindTo(registry);
			assertThat(registry.get(LogBufferAutoConfiguration.FLUSHED_METRIC).tag("reason", "error").functionCounter()
				.count()).isZero();
			assertThat(registry.get(LogBufferAutoConfiguration.FLUSHED_METRIC).tag("reason", "slow").functionCounter()
				.count()).isZero();
			assertThat(registry.get(LoggingAutoConfiguration.DROPPED_EVENTS_METRIC).tag("reason", "buffer_full")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesTheBuffer() {
		this.contextRunner.withPropertyValues("observability.logging.buffer.level=debug")
			.withUserConfiguration(UserBufferConfiguration.class)
			.run((context) -> assertThat(context.getBean(LogBuffer.class)).isSameAs(UserBufferConfiguration.BUFFER));
	}

	@Test
	void shouldBackOffWithoutLogback() {
		this.contextRunner.withPropertyValues("observability.logging.buffer.level=debug")
			.withClassLoader(new FilteredClassLoader(LoggerContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LogBuffer.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBufferConfiguration {

		static final LogBuffer BUFFER = new LogBuffer(Level.INFO, 1, 1, 1);

		@Bean
		LogBuffer logBuffer() {
			return BUFFER;
		}

	}

}
