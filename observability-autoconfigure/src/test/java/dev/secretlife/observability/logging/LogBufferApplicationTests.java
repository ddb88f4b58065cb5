package dev.secretlife.observability.logging;

import java.util.List;
import java.util.function.Predicate;

import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.testapp.logbuffer.LogBufferTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application (child JVM, embedded Tomcat, JSON on stdout, root level {@code INFO}) with
 * {@code observability.logging.buffer.level=debug} and {@code observability.tracing.keep.slower-than=1s}: the
 * {@code DEBUG} lines of a failed, slow or error-logging unit of work are in the output, with the unit's IDs and
 * masked like any line; those of a unit that went well, and those logged outside any unit, are not.
 */
class LogBufferApplicationTests {

	private static final String CONTROLLER = "dev.secretlife.observability.testapp.logbuffer.LogBufferTestApplication$OrderController";

	private static final String JOB = "dev.secretlife.observability.testapp.logbuffer.LogBufferTestApplication$Reconciliation";

	private static String rawOutput;

	private static List<JsonNode> lines;

	private static String prometheus;

	@BeforeAll
	static void runApplication() throws Exception {
		try (ChildApplication app = ChildApplication.start(LogBufferTestApplication.class, List.of(),
				"--spring.application.name=log-buffer-test", "--management.tracing.export.enabled=false",
				"--observability.logging.buffer.level=debug", "--observability.tracing.keep.slower-than=1s")) {
			// The first request initialises Spring MVC; it could be slow enough to be kept.
			assertThat(app.get("/orders/0").statusCode()).isEqualTo(200);
			assertThat(app.get("/orders/1", "X-Request-ID", "req-ok").statusCode()).isEqualTo(200);
			assertThat(app.get("/orders/2/fail", "X-Request-ID", "req-fail").statusCode()).isEqualTo(500);
			assertThat(app.get("/orders/3/slow", "X-Request-ID", "req-slow").statusCode()).isEqualTo(200);
			assertThat(app.get("/orders/5/async-fail", "X-Request-ID", "req-async-fail").statusCode())
				.isEqualTo(500);
			assertThat(app.get("/orders/4/error-line", "X-Request-ID", "req-error-line").statusCode())
				.isEqualTo(200);
			long deadline = System.nanoTime() + 60_000_000_000L;
			// The run's failure line carries the exception's message in its stack trace.
			while (System.nanoTime() < deadline && !app.rawOutput().contains("ledger out of balance")) {
				Thread.sleep(200);
			}
			prometheus = app.get("/actuator/prometheus").body();
			lines = JsonLines.parse(app.stop());
			rawOutput = app.rawOutput();
		}
	}

	@AfterAll
	static void release() {
		rawOutput = null;
		lines = null;
		prometheus = null;
	}

	@Test
	void aFailedRequestsDebugLinesAreWrittenBeforeItsFailureLineWithItsRequestIdAndTraceId() {
		List<JsonNode> request = ofRequest("req-fail");
		JsonNode failure = single(request, (line) -> FailureReporter.LOGGER_NAME.equals(text(line, "logger")));
		List<JsonNode> debug = debugLines(request);
		assertThat(debug).extracting((line) -> text(line, "message"))
			.containsSubsequence("loading order 2", "fluent detail");
		assertThat(request.indexOf(debug.get(debug.size() - 1))).isLessThan(request.indexOf(failure));
		assertThat(debug).allSatisfy((line) -> {
			assertThat(text(line, "traceId")).isNotBlank().isEqualTo(text(failure, "traceId"));
			assertThat(text(line, "@timestamp")).isLessThanOrEqualTo(text(failure, "@timestamp"));
		});
		JsonNode fluent = single(debug, (line) -> "fluent detail".equals(text(line, "message")));
		assertThat(text(fluent, "orderId")).isEqualTo("2");
		assertThat(text(fluent, "logger")).isEqualTo(CONTROLLER);
	}

	@Test
	void anAsyncRequestsDebugLinesFromTheWorkerThreadAreWrittenWhenItFails() {
		List<JsonNode> request = ofRequest("req-async-fail");
		JsonNode failure = single(request, (line) -> FailureReporter.LOGGER_NAME.equals(text(line, "logger")));
		List<JsonNode> own = JsonLines.where(debugLines(request), (line) -> CONTROLLER.equals(text(line, "logger")));
		assertThat(own).extracting((line) -> text(line, "message"))
			.containsExactly("handing order 5 to a worker", "worker step of order 5");
		assertThat(text(own.get(1), "thread")).isNotEqualTo(text(own.get(0), "thread"));
		assertThat(own).allSatisfy((line) -> assertThat(request.indexOf(line)).isLessThan(request.indexOf(failure)));
	}

	@Test
	void aSuccessfulRequestsDebugLinesAreNotWrittenButItsInfoLinesAre() {
		List<JsonNode> request = ofRequest("req-ok");
		assertThat(request).extracting((line) -> text(line, "message")).contains("order 1 loaded");
		assertThat(debugLines(request)).isEmpty();
		assertThat(rawOutput).doesNotContain("guarded detail of order 1");
	}

	@Test
	void aSlowRequestsDebugLinesAreWritten() {
		assertThat(debugLines(ofRequest("req-slow"))).extracting((line) -> text(line, "message"))
			.contains("slow step of order 3");
	}

	@Test
	void anErrorLineWritesTheLinesHeldBeforeItAndTheUnitsLaterLinesAtItsEnd() {
		List<String> messages = ofRequest("req-error-line").stream()
			.filter((line) -> CONTROLLER.equals(text(line, "logger")))
			.map((line) -> text(line, "level") + " " + text(line, "message"))
			.toList();
		assertThat(messages).containsExactly("DEBUG before the error line", "ERROR partner refused order 4",
				"DEBUG after the error line");
	}

	@Test
	void aFailedScheduledRunsDebugLinesAreWrittenWithItsIds() {
		JsonNode held = single(lines, (line) -> "reconcile step".equals(text(line, "message")));
		assertThat(text(held, "level")).isEqualTo("DEBUG");
		assertThat(text(held, "logger")).isEqualTo(JOB);
		String runId = text(held, "requestId");
		assertThat(runId).isNotBlank();
		JsonNode failure = single(lines, (line) -> FailureReporter.LOGGER_NAME.equals(text(line, "logger"))
				&& runId.equals(text(line, "requestId")));
		assertThat(text(held, "traceId")).isNotBlank().isEqualTo(text(failure, "traceId"));
		assertThat(lines.indexOf(held)).isLessThan(lines.indexOf(failure));
	}

	@Test
	void aLineLoggedOutsideAnyUnitOfWorkStaysDropped() {
		assertThat(rawOutput).doesNotContain("outside any unit");
	}

	@Test
	void aWrittenHeldLineIsMaskedLikeAnyLine() {
		assertThat(rawOutput).doesNotContain(LogBufferTestApplication.SECRET);
		JsonNode held = single(ofRequest("req-fail"),
				(line) -> text(line, "message").startsWith("calling the partner with password="));
		assertThat(text(held, "message")).isEqualTo("calling the partner with password=****");
	}

	@Test
	void keptUnitsAreCountedByReason() {
		assertThat(prometheus).containsPattern("observability_logging_buffer_flushed_total\\{[^}]*reason=\"error\"[^}]*} [4-9]")
			.containsPattern("observability_logging_buffer_flushed_total\\{[^}]*reason=\"slow\"[^}]*} [1-9]")
			.containsPattern("observability_logging_events_dropped_total\\{[^}]*reason=\"buffer_full\"[^}]*} 0.0");
	}

	private static List<JsonNode> ofRequest(String requestId) {
		return JsonLines.where(lines, (line) -> requestId.equals(text(line, "requestId")));
	}

	private static List<JsonNode> debugLines(List<JsonNode> lines) {
		return JsonLines.where(lines, (line) -> "DEBUG".equals(text(line, "level")));
	}

	private static JsonNode single(List<JsonNode> lines, Predicate<JsonNode> condition) {
		List<JsonNode> matching = JsonLines.where(lines, condition);
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

}
