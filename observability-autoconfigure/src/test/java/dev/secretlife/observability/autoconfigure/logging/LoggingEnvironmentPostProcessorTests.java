package dev.secretlife.observability.autoconfigure.logging;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingEnvironmentPostProcessorTests {

	private final LoggingEnvironmentPostProcessor postProcessor = new LoggingEnvironmentPostProcessor();

	@Test
	void jsonFormatPlugsTheFormatterIntoBootsStructuredLoggingAndSwitchesTheBannerOff() {
		StandardEnvironment environment = environment(Map.of("observability.logging.format", "json"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo(JsonLogFormatter.class.getName());
		assertThat(environment.getProperty("logging.structured.format.file"))
			.isEqualTo(JsonLogFormatter.class.getName());
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
	}

	@Test
	void prettyFormatSetsReadableMaskedPatternsWithTheRequestIdMdcKeyAndKeyValuesForConsoleAndFile() {
		StandardEnvironment environment = environment(
				Map.of("observability.logging.format", "pretty", "observability.request-id.mdc-key", "rid"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		for (String pattern : List.of("logging.pattern.console", "logging.pattern.file")) {
			assertThat(environment.getProperty(pattern)).contains("%X{rid:--}", "%X{traceId:--}", "%maskedMessage",
					"%maskedKeyValues", "%maskedThrowable")
				.doesNotContain("%m ", "%kvp", "%wEx");
		}
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void autoFormatIsPrettyForADevelopmentProfile() {
		StandardEnvironment environment = environment(Map.of());
		environment.setActiveProfiles("dev");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.pattern.console")).contains("%maskedKeyValues");
	}

	@Test
	void applicationSettingsWinOverTheDefaults() {
		StandardEnvironment environment = environment(Map.of("observability.logging.format", "json",
				"logging.structured.format.console", "ecs", "spring.main.banner-mode", "console"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("console");
	}

	@Test
	void isSwitchedOffByProperty() {
		StandardEnvironment environment = environment(
				Map.of("observability.logging.format", "json", "observability.logging.enabled", "false"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(LoggingEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void backsOffWhenLoggingConfigIsSet() {
		StandardEnvironment environment = environment(
				Map.of("observability.logging.format", "json", "logging.config", "classpath:mine.xml"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(LoggingEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void backsOffWhenTheApplicationHasItsOwnLogbackSpringXml(@TempDir Path classpath) throws Exception {
		Files.writeString(classpath.resolve("logback-spring.xml"), "<configuration/>");
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { classpath.toUri().toURL() },
				getClass().getClassLoader())) {
			SpringApplication application = new SpringApplication(new DefaultResourceLoader(classLoader));
			StandardEnvironment environment = environment(Map.of("observability.logging.format", "json"));
			this.postProcessor.postProcessEnvironment(environment, application);
			assertThat(environment.getProperty("logging.structured.format.console")).isNull();
		}
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
