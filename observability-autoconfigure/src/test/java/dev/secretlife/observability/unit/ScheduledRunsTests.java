package dev.secretlife.observability.unit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.secretlife.observability.testapp.scheduled.ScheduledTestApplication;
import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code @Scheduled} runs in a real application (child JVM, JSON on stdout, H2) with the starter and no
 * configuration: each run is a unit of work with its own ID and trace, one {@code observability.task} line, its
 * statements counted and checked for N+1, and its failure logged once, with its stack trace and IDs.
 */
class ScheduledRunsTests {

	private static List<JsonNode> lines;

	private static String prometheus;

	@BeforeAll
	static void runApplication() throws Exception {
		try (ChildApplication app = ChildApplication.start(ScheduledTestApplication.class, List.of(),
				"--spring.application.name=scheduled-test", "--management.tracing.export.enabled=false")) {
			long deadline = System.nanoTime() + 60_000_000_000L;
			// Raw text while it is written: the last line may still be incomplete.
			while (System.nanoTime() < deadline
					&& app.rawOutput().split("\"message\":\"task ReportJobs.failToReconcile ", -1).length < 3) {
				Thread.sleep(200);
			}
			prometheus = app.get("/actuator/prometheus").body();
			lines = JsonLines.parse(app.stop());
		}
	}

	@AfterAll
	static void release() {
		lines = null;
		prometheus = null;
	}

	@Test
	void everyRunHasOneSummaryLineWithItsOwnIdAndTraceAndItsStatementCount() {
		List<JsonNode> runs = runsOf("countOrders");
		assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
		Set<String> ids = new HashSet<>();
		Set<String> traces = new HashSet<>();
		for (JsonNode run : runs) {
			assertThat(run.get("level").asString()).isEqualTo("INFO");
			assertThat(run.get("outcome").asString()).isEqualTo("SUCCESS");
			assertThat(run.get("dbQueries").asInt()).isEqualTo(1);
			assertThat(run.get("durationMs").isNumber()).isTrue();
			assertThat(run.get("message").asString()).startsWith("task ReportJobs.countOrders SUCCESS ");
			ids.add(JsonLines.text(run, "requestId"));
			traces.add(JsonLines.text(run, "traceId"));
		}
		assertThat(ids).hasSameSizeAs(runs).doesNotContainNull();
		assertThat(traces).hasSameSizeAs(runs).doesNotContainNull();
	}

	@Test
	void everyLineOfARunCarriesTheRunsIdAndTraceId() {
		JsonNode run = runsOf("countOrders").get(0);
		List<JsonNode> own = JsonLines.where(lines,
				(line) -> JsonLines.text(run, "requestId").equals(JsonLines.text(line, "requestId")));
		assertThat(own).extracting((line) -> line.get("message").asString())
			.anySatisfy((message) -> assertThat(message).startsWith("counted 6 orders"));
		assertThat(own).allSatisfy((line) -> assertThat(JsonLines.text(line, "traceId"))
			.isEqualTo(JsonLines.text(run, "traceId")));
	}

	@Test
	void aRunThatRepeatsAStatementShapeGetsAnNPlusOneWarningWithItsId() {
		JsonNode run = runsOf("loadCustomersOneByOne").get(0);
		assertThat(run.get("dbQueries").asInt()).isEqualTo(6);
		List<JsonNode> warnings = JsonLines.where(lines,
				(line) -> line.get("message").asString().startsWith("N+1 queries suspected")
						&& JsonLines.text(run, "requestId").equals(JsonLines.text(line, "requestId")));
		assertThat(warnings).singleElement().satisfies((warning) -> {
			assertThat(warning.get("level").asString()).isEqualTo("WARN");
			assertThat(warning.get("message").asString()).contains("ran 6 times in task ReportJobs.loadCustomersOneByOne")
				.contains("select customer from orders where id = ?")
				.contains("traceId=" + JsonLines.text(run, "traceId"));
		});
		assertThat(prometheus).contains(
				"jdbc_task_repeated_queries_total{datasource=\"dataSource\",task=\"ReportJobs.loadCustomersOneByOne\"}");
	}

	@Test
	void aFailedRunIsLoggedAtErrorWithItsIds() {
		JsonNode run = runsOf("failToReconcile").get(0);
		assertThat(run.get("level").asString()).isEqualTo("ERROR");
		assertThat(run.get("outcome").asString()).isEqualTo("ERROR");
		assertThat(run.get("exception").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(JsonLines.text(run, "requestId")).isNotBlank();
		assertThat(JsonLines.text(run, "traceId")).isNotBlank();
		assertThat(run.get("dbQueries").asInt()).isEqualTo(1);
	}

	@Test
	void everyFailedRunHasOneStackTraceLineWithTheRunsIdsAndNoneWithoutThem() {
		List<JsonNode> runs = runsOf("failToReconcile");
		assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
		for (JsonNode run : runs) {
			String id = JsonLines.text(run, "requestId");
			assertThat(JsonLines.where(lines, (line) -> line.has("stack_trace") && id.equals(JsonLines.text(line,
					"requestId"))))
				.as("stack trace lines of run " + id)
				.singleElement()
				.satisfies((failure) -> {
					assertThat(JsonLines.text(failure, "logger")).isEqualTo(FailureReporter.LOGGER_NAME);
					assertThat(JsonLines.text(failure, "kind")).isEqualTo("task");
					assertThat(JsonLines.text(failure, "task")).isEqualTo("ReportJobs.failToReconcile");
					assertThat(JsonLines.text(failure, "traceId")).isEqualTo(JsonLines.text(run, "traceId"));
					assertThat(JsonLines.text(failure, "spanId")).isNotBlank();
					assertThat(JsonLines.text(failure, "stack_hash")).isNotBlank();
					assertThat(JsonLines.text(failure, "stack_trace")).contains("ledger out of balance")
						.contains("failToReconcile");
				});
		}
		assertThat(JsonLines.where(lines, (line) -> line.has("stack_trace") && !line.hasNonNull("requestId")))
			.as("stack traces without a run ID (Spring's scheduler's)")
			.isEmpty();
	}

	@Test
	void statementsPerRunAreCountedByTaskNeverByRawText() {
		assertThat(prometheus).contains("jdbc_task_queries_count{task=\"ReportJobs.countOrders\"}")
			.contains("jdbc_task_queries_sum{task=\"ReportJobs.loadCustomersOneByOne\"}")
			.doesNotContain("task=\"select");
	}

	private static List<JsonNode> runsOf(String method) {
		return JsonLines.where(JsonLines.fromLogger(lines, TaskSummaryLogger.LOGGER_NAME),
				(line) -> ("ReportJobs." + method).equals(JsonLines.text(line, "task")));
	}

}
