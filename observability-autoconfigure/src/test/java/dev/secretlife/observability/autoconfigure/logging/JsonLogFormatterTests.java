package dev.secretlife.observability.autoconfigure.logging;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.mock.env.MockEnvironment;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatterTests {

	@Test
	void serviceFieldsComeFromTheApplicationNameBuildInfoAndActiveProfiles(@TempDir Path classpath) throws Exception {
		Path buildInfo = classpath.resolve("META-INF/build-info.properties");
		Files.createDirectories(buildInfo.getParent());
		Files.writeString(buildInfo, "build.version=9.9.9\n");
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "orders")
			.withProperty("spring.application.version", "from-manifest");
		environment.setActiveProfiles("prod", "eu");
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpath.toUri().toURL() }, previous)) {
			Thread.currentThread().setContextClassLoader(loader);
			JsonNode line = format(new JsonLogFormatter(environment));
			assertThat(text(line, "service")).isEqualTo("orders");
			assertThat(text(line, "version")).isEqualTo("9.9.9");
			assertThat(text(line, "environment")).isEqualTo("prod,eu");
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	@Test
	void maskingAndTheDeprecatedStackTraceKeysStillWork() {
		MockEnvironment environment = new MockEnvironment().withProperty("observability.logging.mask.keys", "pin")
			.withProperty("observability.logging.stack-trace.max-length", "200");
		JsonLogFormatter formatter = new JsonLogFormatter(environment);
		LoggingEvent event = event("pin=1234 password=visible", new IllegalStateException("x"));
		JsonNode line = JsonLines.parse(List.of(formatter.format(event).strip())).get(0);
		assertThat(text(line, "message")).isEqualTo("pin=**** password=visible");
		assertThat(text(line, "stack_trace")).hasSizeLessThanOrEqualTo(200);
		assertThat(text(line, "environment")).isEqualTo("default");
	}

	@Test
	void springBootsStackTraceKeysShapeTheStackTraceAndWinOverTheDeprecatedOnes() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("logging.structured.json.stacktrace.root", "last")
			.withProperty("logging.structured.json.stacktrace.max-throwable-depth", "2")
			.withProperty("logging.structured.json.stacktrace.include-hashes", "false")
			.withProperty("observability.logging.stack-trace.root-cause-first", "true")
			.withProperty("observability.logging.stack-trace.max-depth-per-throwable", "20");
		IllegalStateException failure = new IllegalStateException("outer", new IllegalArgumentException("root"));
		JsonNode line = JsonLines.parse(List.of(new JsonLogFormatter(environment).format(event("failed", failure))
			.strip())).get(0);
		String stackTrace = text(line, "stack_trace");
		assertThat(stackTrace).startsWith("java.lang.IllegalStateException: outer");
		assertThat(stackTrace.lines().filter((frame) -> frame.strip().startsWith("at ")).count())
			.as("two frames per exception, two exceptions")
			.isLessThanOrEqualTo(4);
		assertThat(line.has("stack_hash")).isFalse();
	}

	@Test
	void withoutAnyKeyTheRootCauseComesFirstWithAStackHash() {
		IllegalStateException failure = new IllegalStateException("outer", new IllegalArgumentException("root"));
		JsonNode line = JsonLines.parse(List.of(new JsonLogFormatter(new MockEnvironment())
			.format(event("failed", failure))
			.strip())).get(0);
		assertThat(text(line, "stack_trace")).startsWith("java.lang.IllegalArgumentException: root");
		assertThat(text(line, "stack_hash")).matches("[0-9a-f]{8}");
	}

	private static JsonNode format(JsonLogFormatter formatter) {
		byte[] bytes = formatter.formatAsBytes(event("hello", null), StandardCharsets.UTF_8);
		return JsonLines.parse(List.of(new String(bytes, StandardCharsets.UTF_8).strip())).get(0);
	}

	private static LoggingEvent event(String message, Throwable failure) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		return new LoggingEvent(Logger.class.getName(), context.getLogger("test"), Level.INFO, message, failure,
				null);
	}

}
