package dev.secretlife.observability.logging;

import java.util.List;

import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.testapp.reactive.ReactiveTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application (child JVM, Netty, JSON on stdout) with {@code observability.logging.buffer.level=debug}: a
 * failed request's {@code DEBUG} lines, from the handler and from the timer thread its continuation ran on, are
 * written before its failure line with its IDs; a successful request's are not.
 */
class ReactiveLogBufferTests {

	private static final String CONTROLLER = "dev.secretlife.observability.testapp.reactive.ReactiveTestApplication$TestController";

	@Test
	void aFailedWebFluxRequestsDebugLinesAreWrittenBeforeItsFailureLine() throws Exception {
		List<JsonNode> lines;
		try (ChildApplication app = ChildApplication.start(ReactiveTestApplication.class, List.of(),
				"--management.tracing.export.enabled=false", "--observability.logging.buffer.level=debug")) {
			assertThat(app.get("/items/7", "X-Request-ID", "rx-ok").statusCode()).isEqualTo(200);
			assertThat(app.get("/orders/8/fail", "X-Request-ID", "rx-fail").statusCode()).isEqualTo(500);
			lines = JsonLines.parse(app.stop());
		}
		List<JsonNode> request = JsonLines.where(lines, (line) -> "rx-fail".equals(text(line, "requestId")));
		List<JsonNode> own = JsonLines.where(request, (line) -> CONTROLLER.equals(text(line, "logger")));
		assertThat(own).extracting((line) -> text(line, "level") + " " + text(line, "message"))
			.containsExactly("DEBUG loading order 8", "DEBUG order 8 loaded on a timer thread");
		JsonNode failure = JsonLines.where(request, (line) -> FailureReporter.LOGGER_NAME.equals(text(line, "logger")))
			.get(0);
		assertThat(own).allSatisfy((line) -> {
			assertThat(request.indexOf(line)).isLessThan(request.indexOf(failure));
			assertThat(text(line, "traceId")).isNotBlank().isEqualTo(text(failure, "traceId"));
		});
		assertThat(JsonLines.where(lines, (line) -> "rx-ok".equals(text(line, "requestId"))
				&& "DEBUG".equals(text(line, "level")))).isEmpty();
	}

}
