package dev.secretlife.observability.autoconfigure.logging;

import io.micrometer.core.instrument.binder.MeterBinder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoggingAutoConfiguration.class));

	@Test
	void shouldSupplyPropertiesAndNoMetricWhileAsyncIsOff() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LoggingProperties.class)
			.doesNotHaveBean("droppedLogEventsMeterBinder"));
	}

	@Test
	void shouldSupplyDroppedEventsMetricWhenAsyncIsOn() {
		this.contextRunner.withPropertyValues("observability.logging.async.enabled=true")
			.run((context) -> assertThat(context).hasBean("droppedLogEventsMeterBinder"));
	}

	@Test
	void shouldBackOffWhenUserDefinesTheMetricBinder() {
		this.contextRunner.withPropertyValues("observability.logging.async.enabled=true")
			.withUserConfiguration(UserBinderConfiguration.class)
			.run((context) -> assertThat(context.getBean("droppedLogEventsMeterBinder"))
				.isSameAs(UserBinderConfiguration.BINDER));
	}

	@Test
	void shouldBackOffWithoutLogstashLogbackEncoder() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(LogstashEncoder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LoggingProperties.class));
	}

	@Test
	void shouldBindFormatMaskAndStackTraceProperties() {
		this.contextRunner
			.withPropertyValues("observability.logging.format=pretty", "observability.logging.mask.keys=pin",
					"observability.logging.stack-trace.max-length=100")
			.run((context) -> {
				LoggingProperties properties = context.getBean(LoggingProperties.class);
				assertThat(properties.getFormat()).hasToString("PRETTY");
				assertThat(properties.getMask().getKeys()).containsExactly("pin");
				assertThat(properties.getStackTrace().getMaxLength()).isEqualTo(100);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBinderConfiguration {

		static final MeterBinder BINDER = (registry) -> {
		};

		@Bean
		MeterBinder droppedLogEventsMeterBinder() {
			return BINDER;
		}

	}

}
