package dev.secretlife.observability.logging;

import java.util.List;

import dev.secretlife.observability.testapp.reactive.ReactiveTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a WebFlux application in a child JVM and checks its JSON output and summary lines.
 */
class ReactiveRequestLogTests {

	@Test
	void webFluxRequestsGetOneSummaryLineEachWithRouteStatusAndRequestId() throws Exception {
		try (ChildApplication app = ChildApplication.start(ReactiveTestApplication.class, List.of())) {
			assertThat(app.get("/items/7", "X-Request-ID", "rx-ok").statusCode()).isEqualTo(200);
			assertThat(app.get("/gone", "X-Request-ID", "rx-gone").statusCode()).isEqualTo(410);
			assertThat(app.get("/boom", "X-Request-ID", "rx-boom").statusCode()).isEqualTo(500);
			assertThat(app.get("/nope", "X-Request-ID", "rx-nope").statusCode()).isEqualTo(404);
			assertThat(app.get("/actuator/health", "X-Request-ID", "rx-health").statusCode()).isEqualTo(200);
			List<JsonNode> lines = JsonLines.parse(app.stop());
			List<JsonNode> summaries = JsonLines.fromLogger(lines, "observability.request");
			assertThat(summaries).extracting((line) -> text(line, "requestId"))
				.containsExactlyInAnyOrder("rx-ok", "rx-gone", "rx-boom", "rx-nope");
			JsonNode ok = summaryOf(summaries, "rx-ok");
			assertThat(text(ok, "level")).isEqualTo("INFO");
			assertThat(text(ok, "route")).isEqualTo("/items/{id}");
			assertThat(text(ok, "path")).isEqualTo("/items/7");
			assertThat(ok.get("status").asInt()).isEqualTo(200);
			JsonNode gone = summaryOf(summaries, "rx-gone");
			assertThat(text(gone, "level")).isEqualTo("WARN");
			assertThat(gone.get("status").asInt()).isEqualTo(410);
			JsonNode boom = summaryOf(summaries, "rx-boom");
			assertThat(text(boom, "level")).isEqualTo("ERROR");
			assertThat(boom.get("status").asInt()).isEqualTo(500);
			assertThat(text(boom, "exception")).isEqualTo("java.lang.IllegalStateException");
			JsonNode nope = summaryOf(summaries, "rx-nope");
			assertThat(nope.get("status").asInt()).isEqualTo(404);
			assertThat(text(nope, "route")).isNotEqualTo("/nope");
		}
	}

	private static JsonNode summaryOf(List<JsonNode> summaries, String requestId) {
		return summaries.stream().filter((line) -> requestId.equals(text(line, "requestId"))).findFirst().orElseThrow();
	}

}
