package dev.secretlife.observability.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications that bring their own {@code logback-spring.xml} keep it; the starter's include gives them the same
 * JSON output.
 */
class OwnLogbackConfigurationTests {

	@Test
	void applicationWithItsOwnLogbackSpringXmlKeepsItsFormat(@TempDir Path config) throws Exception {
		Files.writeString(config.resolve("logback-spring.xml"), """
				<configuration>
					<appender name="MINE" class="ch.qos.logback.core.ConsoleAppender">
						<encoder><pattern>CUSTOM|%level|%logger|%msg%n</pattern></encoder>
					</appender>
					<root level="INFO"><appender-ref ref="MINE"/></root>
				</configuration>
				""");
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(config),
				"--observability.logging.format=json")) {
			assertThat(app.get("/hello").statusCode()).isEqualTo(200);
			List<String> output = app.stop();
			assertThat(output).noneMatch((line) -> line.startsWith("{"));
			assertThat(output).anyMatch((line) -> line.startsWith("CUSTOM|INFO|")
					&& line.contains("Started ServletTestApplication"));
			assertThat(output).anyMatch((line) -> line.startsWith("CUSTOM|INFO|observability.request|GET /hello 200"));
		}
	}

	@Test
	void includeGivesTheStarterJsonAppenderToAnOwnLogbackSpringXml(@TempDir Path config) throws Exception {
		Files.writeString(config.resolve("logback-spring.xml"), """
				<configuration>
					<include resource="dev/secretlife/observability/logging/json-console-appender.xml"/>
					<root level="INFO"><appender-ref ref="OBSERVABILITY_JSON_CONSOLE"/></root>
				</configuration>
				""");
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(config),
				"--spring.main.banner-mode=off", "--spring.application.name=included")) {
			assertThat(app.get("/secrets", "X-Request-ID", "req-include").statusCode()).isEqualTo(200);
			List<JsonNode> lines = JsonLines.parse(app.stop());
			assertThat(lines).isNotEmpty().allMatch((line) -> "included".equals(text(line, "service")));
			assertThat(app.rawOutput()).doesNotContain("s3cret-arg").contains("login with password=****");
			assertThat(JsonLines.fromLogger(lines, "observability.request"))
				.anyMatch((line) -> "req-include".equals(text(line, "requestId")));
		}
	}

}
