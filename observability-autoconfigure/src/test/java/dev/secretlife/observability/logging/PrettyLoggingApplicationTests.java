package dev.secretlife.observability.logging;

import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a servlet application in a child JVM in pretty mode, chosen explicitly or by a development profile.
 */
class PrettyLoggingApplicationTests {

	@Test
	void prettyFormatWritesReadableLinesWithRequestIdAndKeyValues() throws Exception {
		List<String> output = runHello("--observability.logging.format=pretty");
		assertPretty(output);
	}

	@Test
	void autoFormatIsPrettyWhenADevelopmentProfileIsActive() throws Exception {
		List<String> output = runHello("--spring.profiles.active=local");
		assertPretty(output);
	}

	@Test
	void devProfilesAreConfigurable() throws Exception {
		List<String> output = runHello("--spring.profiles.active=local", "--observability.logging.dev-profiles=laptop");
		assertThat(output).isNotEmpty().allMatch((line) -> line.startsWith("{"));
	}

	private static List<String> runHello(String... args) throws Exception {
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(), args)) {
			assertThat(app.get("/hello", "X-Request-ID", "req-pretty").statusCode()).isEqualTo(200);
			assertThat(app.get("/nope", "X-Request-ID", "req-pretty-404").statusCode()).isEqualTo(404);
			return app.stop();
		}
	}

	private static void assertPretty(List<String> output) {
		assertThat(output).anyMatch((line) -> line.contains(":: Spring Boot ::"));
		assertThat(output).noneMatch((line) -> line.startsWith("{"));
		assertThat(output).anyMatch((line) -> line.contains("[req-pretty ") && line.contains("saying hello attempt=10"));
		assertThat(output).anyMatch((line) -> line.contains("[req-pretty ") && line.contains("observability.request")
				&& line.contains("GET /hello 200") && line.contains("route=/hello") && line.contains("status=200"));
		assertThat(output).anyMatch((line) -> line.contains(" WARN ") && line.contains("[req-pretty-404 ")
				&& line.contains("status=404"));
	}

}
