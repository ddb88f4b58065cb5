package dev.secretlife.observability.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.testapp.HostileCorpus;
import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-content corpus ({@link HostileCorpus}) logged by a real application on a real Tomcat, in a child JVM,
 * as message, key-value, MDC value and exception message, plus requests whose paths carry secrets: no secret of the
 * corpus reaches the JSON console, the JSON file, the pretty console or the pretty file, nor the summary, failure
 * and (switched on here) unhandled-error lines; in JSON, every line stays one valid object.
 */
class HostileContentCorpusTests {

	@Test
	void jsonConsoleAndFileShowNoSecretAndEveryLineIsOneJsonObject() throws Exception {
		Output output = run("--observability.logging.format=json");
		assertNoSecret(output);
		List<JsonNode> console = JsonLines.parse(output.console());
		List<JsonNode> file = JsonLines.parse(output.file());
		for (List<JsonNode> lines : List.of(console, file)) {
			assertThat(JsonLines.where(lines, (line) -> "secret keys".equals(JsonLines.text(line, "message"))))
				.singleElement()
				.satisfies((line) -> assertThat(JsonLines.text(line, "password")).isEqualTo("****"));
			List<JsonNode> summaries = JsonLines.fromLogger(lines, "observability.request");
			assertThat(summaries).extracting((line) -> JsonLines.text(line, "path"))
				.contains("/reset-password/****", "/reset-password/****/fail", "/cart");
			assertThat(lines).anyMatch((line) -> String.valueOf(JsonLines.text(line, "message"))
				.matches("Unhandled .* while handling GET /reset-password/\\*\\*\\*\\*/fail .*"));
			assertThat(JsonLines.fromLogger(lines, "observability.error"))
				.anyMatch((line) -> "/reset-password/{token}/fail".equals(JsonLines.text(line, "route")));
		}
	}

	@Test
	void prettyConsoleAndFileShowNoSecret() throws Exception {
		Output output = run("--observability.logging.format=pretty");
		assertNoSecret(output);
		for (List<String> lines : List.of(output.console(), output.file())) {
			assertThat(lines).anyMatch((line) -> line.contains("secret keys") && line.contains("password=****"));
			assertThat(lines).anyMatch((line) -> line.contains("observability.request")
					&& line.contains("path=/reset-password/****"));
		}
	}

	private static void assertNoSecret(Output output) {
		for (String text : List.of(output.consoleText(), output.fileText())) {
			assertThat(text).hasSizeGreaterThan(2 * 1024 * 1024);
			int at = text.indexOf(HostileCorpus.MARKER);
			assertThat(at).as(() -> "secret in output: "
					+ text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100))).isEqualTo(-1);
		}
	}

	private static Output run(String format) throws Exception {
		Path logFile = Files.createTempDirectory("corpus-log").resolve("app.log");
		List<String> console;
		// The tracing module's "Unhandled ..." line is off by default (the failure line says it all); switched on
		// here so that the corpus runs through it too.
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(), format,
				"--logging.file.name=" + logFile, "--observability.tracing.log-unhandled-exceptions=true")) {
			int logged = HostileCorpus.SECRET_TEXTS.size() + HostileCorpus.ODD_TEXTS.size();
			assertThat(app.get("/corpus", "X-Request-ID", "req-corpus").body()).isEqualTo(String.valueOf(logged));
			for (String path : HostileCorpus.SECRET_PATHS) {
				assertThat(app.get(path, "X-Request-ID", "req-path").statusCode()).isIn(200, 500);
			}
			console = app.stop();
		}
		List<String> file = new ArrayList<>(List.of(
				new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).split("\n")));
		try (var files = Files.list(logFile.getParent())) {
			for (Path each : files.toList()) {
				Files.delete(each);
			}
		}
		Files.delete(logFile.getParent());
		return new Output(console, file);
	}

	private record Output(List<String> console, List<String> file) {

		String consoleText() {
			return String.join("\n", this.console);
		}

		String fileText() {
			return String.join("\n", this.file);
		}

	}

}
