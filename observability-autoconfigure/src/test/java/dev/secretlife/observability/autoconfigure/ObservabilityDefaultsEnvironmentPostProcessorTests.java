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

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
