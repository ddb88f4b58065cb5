package dev.secretlife.observability.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityDefaultsEnvironmentPostProcessorTests {

	private final ObservabilityDefaultsEnvironmentPostProcessor postProcessor = new ObservabilityDefaultsEnvironmentPostProcessor();

	@Test
	void exposesHealthAndPrometheusWhenTheApplicationSaysNothing() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus");
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		assertThat(environment.getProperty(
				"management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes"))
			.isEqualTo("false");
	}

	@Test
	void histogramsAndObservationAnnotationsAreOnWithoutMicrometerTracingOnTheClasspath() {
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.micrometer.tracing")));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("observability.tracing.enabled", "false")));
		this.postProcessor.postProcessEnvironment(environment, application);
		assertThat(environment.getProperty("management.metrics.distribution.percentiles-histogram.http.server.requests"))
			.isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.distribution.percentiles-histogram.jdbc.query"))
			.isEqualTo("true");
		assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
	}

	@Test
	void anyValueTheApplicationSetsWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("management.endpoints.web.exposure.include", "info")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("info");
	}

	@Test
	void isAppliedToARealApplicationThroughSpringFactoriesAndLosesToCommandLineArguments() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.run("--spring.reactor.context-propagation=limited")) {
			assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
				.isEqualTo("health,prometheus");
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
		}
	}

	@Test
	void leavesKeysToTheApplicationsOwnDefaultProperties() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(EmptyConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("management.endpoints.web.exposure.include=health");
		try (ConfigurableApplicationContext context = builder.run()) {
			assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
				.isEqualTo("health");
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		}
	}

	@Test
	void switchesOnSpringKafkaObservationsUnlessTheApplicationSetsThem() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("spring.kafka.listener.observation-enabled", "false")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isEqualTo("false");
	}

	@Test
	void leavesSpringKafkaObservationsAloneWhenMessagingIsSwitchedOff() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("observability.messaging.enabled", "false")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isNull();
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isNull();
	}

	@Test
	void leavesSpringKafkaObservationsAloneWithoutSpringKafka() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new org.springframework.core.io.DefaultResourceLoader(
				new org.springframework.boot.test.context.FilteredClassLoader("org.springframework.kafka")));
		this.postProcessor.postProcessEnvironment(environment, application);
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isNull();
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus");
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
