package dev.secretlife.observability.autoconfigure.tracing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class TracingDefaultsEnvironmentPostProcessorTests {

	private final TracingDefaultsEnvironmentPostProcessor postProcessor = new TracingDefaultsEnvironmentPostProcessor();

	@Test
	void samplesOneTraceInTenAndExportsWithOtlpByDefault() {
		StandardEnvironment environment = postProcess(new SpringApplication());

		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.1);
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://localhost:4318/v1/traces");
	}

	@Test
	void samplingProbabilityFollowsTheStartersPropertyAndBootsOwnWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("app", Map.of("observability.tracing.sampling-probability", "0.25")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.25);

		environment.getPropertySources()
			.addFirst(new MapPropertySource("boot", Map.of("management.tracing.sampling.probability", "0.5")));
		assertThat(environment.getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.5);
	}

	@Test
	void leavesTheKeysOfSpringApplicationDefaultPropertiesToThem() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource(DefaultPropertiesPropertySource.NAME,
					Map.of("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		DefaultPropertiesPropertySource.moveToEnd(environment);

		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://collector:4318/v1/traces");
	}

	@Test
	void leavesTracingToBootsDefaultsWhenTheStartersTracingIsSwitchedOff() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("app", Map.of("observability.tracing.enabled", "false")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		// Boot's own tracing defaults remain: sampling 0.1, no OTLP endpoint, exporter logging on.
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isNull();
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isNull();
		assertThat(environment.getProperty("logging.level.io.opentelemetry.exporter.internal")).isNull();
	}

	@Test
	void addsNothingWithoutMicrometerTracing() {
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.micrometer.tracing")));

		StandardEnvironment environment = postProcess(application);

		assertThat(environment.getPropertySources().contains(TracingDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	private StandardEnvironment postProcess(SpringApplication application) {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, application);
		return environment;
	}

}
