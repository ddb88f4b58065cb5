package dev.secretlife.observability.logging;

import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a servlet application in a child JVM with sampling of successful requests switched to zero and the
 * asynchronous appender on.
 */
class RequestLogSamplingAndAsyncTests {

	@Test
	void sampledOutSuccessesGetNoLineErrorsAlwaysDoAndAsyncOutputIsStillCompleteJson() throws Exception {
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(),
				"--observability.request-log.sample-rate=0", "--observability.logging.async.enabled=true")) {
			assertThat(app.get("/hello", "X-Request-ID", "req-ok").statusCode()).isEqualTo(200);
			assertThat(app.get("/fail", "X-Request-ID", "req-fail").statusCode()).isEqualTo(500);
			assertThat(app.get("/nope", "X-Request-ID", "req-nope").statusCode()).isEqualTo(404);
			String prometheus = app.get("/actuator/prometheus").body();
			assertThat(prometheus)
				.contains("observability_logging_events_dropped_total{reason=\"queue_full\"} 0.0")
				.contains("observability_logging_events_dropped_total{reason=\"shutdown\"} 0.0");
			List<JsonNode> lines = JsonLines.parse(app.stop());
			List<JsonNode> summaries = JsonLines.fromLogger(lines, "observability.request");
			assertThat(summaries).extracting((line) -> text(line, "requestId"))
				.containsExactlyInAnyOrder("req-fail", "req-nope");
			assertThat(lines).anyMatch((line) -> "saying hello".equals(text(line, "message")));
			assertThat(lines).anyMatch((line) -> String.valueOf(text(line, "message")).contains("shutdown"));
		}
	}

}
