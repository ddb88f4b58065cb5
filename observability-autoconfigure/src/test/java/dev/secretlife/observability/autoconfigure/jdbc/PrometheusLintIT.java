package dev.secretlife.observability.autoconfigure.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real /actuator/prometheus scrape of an application that produced every JDBC metric, checked by
 * {@code promtool check metrics} (Debian's {@code prometheus} package, installed here when missing and running as
 * root). Spring Boot's own metrics draw a few remarks; the starter's must draw none.
 */
class PrometheusLintIT {

	@Test
	void promtoolFindsNoProblemWithTheJdbcMetrics() throws Exception {
		String scrape;
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("prometheus"))) {
			String id = "lint-" + UUID.randomUUID();
			assertThat(server.get("/authors/books", id).statusCode()).isEqualTo(200);
			assertThat(server.post("/slow", id, "title").statusCode()).isEqualTo(200);
			assertThat(server.post("/books/batch?size=10", id, "").statusCode()).isEqualTo(200);
			assertThat(server.get("/broken", id).statusCode()).isEqualTo(500);
			var response = server.get("/actuator/prometheus", id);
			assertThat(response.statusCode()).isEqualTo(200);
			scrape = response.body();
		}
		assertThat(scrape).contains("jdbc_query_seconds_count{datasource=\"dataSource\",operation=\"select\",outcome=\"SUCCESS\"}")
			.contains("outcome=\"ERROR\"")
			.contains("jdbc_batch_size_statements_count")
			.contains("jdbc_slow_queries_total")
			.contains("jdbc_repeated_queries_total")
			.contains("jdbc_request_queries_count")
			.contains("hikaricp_connections");
		List<String> problems = promtoolCheckMetrics(scrape);
		assertThat(problems).filteredOn((line) -> line.contains("jdbc_")).isEmpty();
	}

	private static List<String> promtoolCheckMetrics(String scrape) throws IOException, InterruptedException {
		String promtool = promtool();
		Path input = Files.createTempFile("scrape", ".txt");
		try {
			Files.writeString(input, scrape, StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(promtool, "check", "metrics").redirectInput(input.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			// 0: clean; 3: lint remarks (Boot's own metrics draw some). 1 would mean the scrape did not even parse.
			assertThat(process.exitValue()).as(output).isIn(0, 3);
			return output.lines().filter((line) -> !line.isBlank()).toList();
		}
		finally {
			Files.deleteIfExists(input);
		}
	}

	private static String promtool() throws IOException, InterruptedException {
		for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
			if (new File(candidate).canExecute()) {
				return candidate;
			}
		}
		if (!"root".equals(System.getProperty("user.name"))) {
			throw new IllegalStateException(
					"promtool is missing: install Debian's prometheus package (sudo apt-get install -y prometheus)");
		}
		run("apt-get", "update");
		run("apt-get", "install", "-y", "--no-install-recommends", "prometheus");
		return "/usr/bin/promtool";
	}

	private static void run(String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
		Process process = builder.start();
		assertThat(process.waitFor(15, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

}
