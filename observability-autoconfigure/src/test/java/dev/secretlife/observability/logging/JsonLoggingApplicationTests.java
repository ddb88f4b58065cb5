package dev.secretlife.observability.logging;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a servlet application in a child JVM with the default settings (format {@code auto}, standard output a pipe,
 * no development profile: JSON) and checks every line it writes, from the first of startup to the last of shutdown.
 */
class JsonLoggingApplicationTests {

	private static final String SUMMARY_LOGGER = "observability.request";

	private static String rawOutput;

	private static List<String> rawLines;

	private static List<JsonNode> lines;

	private static int hostileCases;

	private static List<String> fileLines;

	@BeforeAll
	static void runApplication() throws Exception {
		Path logFile = Files.createTempDirectory("json-log-file").resolve("app.log");
		try (ChildApplication app = ChildApplication.start(ServletTestApplication.class, List.of(),
				"--spring.application.name=logging-test", "--management.tracing.export.enabled=false",
				"--spring.application.version=1.2.3",
				"--logging.file.name=" + logFile,
				"--observability.logging.mask.value-patterns[0]=DE\\d{2}[A-Za-z0-9-]+")) {
			assertThat(app.get("/hello", "X-Request-ID", "req-hello").statusCode()).isEqualTo(200);
			assertThat(app.get("/orders/42", "X-Request-ID", "req-orders").statusCode()).isEqualTo(200);
			assertThat(app.get("/nope", "X-Request-ID", "req-404").statusCode()).isEqualTo(404);
			assertThat(app.get("/fail", "X-Request-ID", "req-500").statusCode()).isEqualTo(500);
			assertThat(app.get("/boom", "X-Request-ID", "req-boom").statusCode()).isEqualTo(500);
			assertThat(app.get("/async", "X-Request-ID", "req-async").body()).isEqualTo("done");
			assertThat(app.get("/actuator/health", "X-Request-ID", "req-health").statusCode()).isEqualTo(200);
			assertThat(app.get("/secrets", "X-Request-ID", "req-secrets").statusCode()).isEqualTo(200);
			HttpResponse<String> hostile = app.get("/hostile", "X-Request-ID", "req-hostile");
			hostileCases = Integer.parseInt(hostile.body());
			rawLines = app.stop();
			rawOutput = app.rawOutput();
		}
		fileLines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
		try (var files = Files.list(logFile.getParent())) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(logFile.getParent());
		lines = JsonLines.parse(rawLines);
	}

	@AfterAll
	static void release() {
		rawOutput = null;
		rawLines = null;
		lines = null;
		fileLines = null;
	}

	@Test
	void everyLineFromStartupToShutdownIsAJsonObjectWithTheStandardFields() {
		assertThat(lines).hasSizeGreaterThan(10);
		for (JsonNode line : lines) {
			assertThat(text(line, "@timestamp")).as(line.toString())
				.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
			assertThat(text(line, "level")).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
			assertThat(text(line, "logger")).isNotBlank();
			assertThat(text(line, "thread")).isNotBlank();
			assertThat(line.has("message")).isTrue();
			assertThat(text(line, "service")).isEqualTo("logging-test");
			assertThat(text(line, "version")).isEqualTo("1.2.3");
			assertThat(text(line, "environment")).isEqualTo("default");
		}
		assertThat(text(lines.get(0), "message")).startsWith("Starting ServletTestApplication");
		assertThat(text(lines.get(lines.size() - 1), "message")).containsIgnoringCase("shutdown");
	}

	@Test
	void autoFormatWritesJsonWithoutBannerWhenOutputIsNotATerminal() {
		assertThat(rawLines).allMatch((line) -> line.startsWith("{") && line.endsWith("}"));
		assertThat(rawOutput).doesNotContain(":: Spring Boot ::");
	}

	@Test
	void logFileGetsTheSameJsonLines() {
		List<JsonNode> fromFile = JsonLines.parse(fileLines);
		assertThat(fromFile).hasSameSizeAs(lines);
		assertThat(fromFile).extracting((line) -> text(line, "message"))
			.containsExactlyElementsOf(lines.stream().map((line) -> text(line, "message")).toList());
	}

	@Test
	void linesOfARequestShareItsRequestId() {
		List<JsonNode> requestLines = JsonLines.where(lines, (line) -> "req-hello".equals(text(line, "requestId")));
		assertThat(requestLines).extracting((line) -> text(line, "message"))
			.contains("saying hello", "greeting user=alice")
			.anyMatch((message) -> message.startsWith("GET /hello 200"));
	}

	@Test
	void keyValuesAndStructuredArgumentsAreTopLevelFields() {
		JsonNode hello = single((line) -> "saying hello".equals(text(line, "message")));
		assertThat(hello.get("attempt").isNumber()).isTrue();
		assertThat(hello.get("attempt").asInt()).isEqualTo(10);
		JsonNode greeting = single((line) -> "greeting user=alice".equals(text(line, "message")));
		assertThat(text(greeting, "user")).isEqualTo("alice");
	}

	@Test
	void successfulRequestGetsOneInfoSummaryLineWithTheRouteAndFieldsAddedByOtherFeatures() {
		JsonNode summary = summaryOf("req-hello");
		assertThat(text(summary, "level")).isEqualTo("INFO");
		assertThat(text(summary, "method")).isEqualTo("GET");
		assertThat(text(summary, "route")).isEqualTo("/hello");
		assertThat(text(summary, "path")).isEqualTo("/hello");
		assertThat(summary.get("status").asInt()).isEqualTo(200);
		assertThat(text(summary, "outcome")).isEqualTo("SUCCESS");
		assertThat(summary.get("durationMs").isNumber()).isTrue();
		assertThat(summary.get("cacheHits").asInt()).isEqualTo(2);
	}

	@Test
	void summaryRouteIsTheUriTemplateAndPathTheRawPath() {
		JsonNode summary = summaryOf("req-orders");
		assertThat(text(summary, "route")).isEqualTo("/orders/{id}");
		assertThat(text(summary, "path")).isEqualTo("/orders/42");
		assertThat(text(summary, "message")).startsWith("GET /orders/{id} 200 ");
	}

	@Test
	void notFoundGetsOneWarnSummaryLineWithoutTheRawPathAsRoute() {
		JsonNode summary = summaryOf("req-404");
		assertThat(text(summary, "level")).isEqualTo("WARN");
		assertThat(summary.get("status").asInt()).isEqualTo(404);
		assertThat(text(summary, "outcome")).isEqualTo("CLIENT_ERROR");
		assertThat(text(summary, "route")).isNotEqualTo("/nope");
		assertThat(text(summary, "path")).isEqualTo("/nope");
	}

	@Test
	void serverErrorStatusGetsOneErrorSummaryLine() {
		JsonNode summary = summaryOf("req-500");
		assertThat(text(summary, "level")).isEqualTo("ERROR");
		assertThat(summary.get("status").asInt()).isEqualTo(500);
		assertThat(text(summary, "outcome")).isEqualTo("SERVER_ERROR");
		assertThat(summary.has("exception")).isFalse();
	}

	@Test
	void thrownExceptionGetsExactlyOneSummaryLineNamingTheApplicationsExceptionNotTheContainersWrapper() {
		JsonNode summary = summaryOf("req-boom");
		assertThat(text(summary, "level")).isEqualTo("ERROR");
		assertThat(summary.get("status").asInt()).isEqualTo(500);
		assertThat(text(summary, "route")).isEqualTo("/boom");
		assertThat(text(summary, "exception")).isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void exceptionIsAShortenedRootCauseFirstStackTraceWithAStableHash() {
		// The failure line of the exception that left the filter chain (Tomcat's own line of it is left out)
		List<JsonNode> failures = JsonLines.where(lines, (line) -> line.has("stack_trace")
				&& String.valueOf(text(line, "stack_trace")).startsWith("java.lang.IllegalStateException: boom"));
		assertThat(failures).singleElement()
			.satisfies((line) -> assertThat(text(line, "logger")).isEqualTo(FailureReporter.LOGGER_NAME));
		JsonNode failure = failures.get(0);
		assertThat(text(failure, "stack_trace")).startsWith("java.lang.IllegalStateException: boom");
		assertThat(text(failure, "stack_trace")).contains("frames truncated");
		assertThat(text(failure, "stack_hash")).matches("[0-9a-f]{8}");
	}

	@Test
	void asyncRequestGetsOneSummaryLineAtTheEndOfItsAsyncDispatch() {
		JsonNode summary = summaryOf("req-async");
		assertThat(summary.get("status").asInt()).isEqualTo(200);
		assertThat(text(summary, "route")).isEqualTo("/async");
		assertThat(JsonLines.where(lines, (line) -> "async work".equals(text(line, "message")))).hasSize(1);
	}

	@Test
	void actuatorRequestsGetNoSummaryLineByDefault() {
		assertThat(JsonLines.fromLogger(lines, SUMMARY_LOGGER))
			.noneMatch((line) -> String.valueOf(text(line, "path")).startsWith("/actuator"));
	}

	@Test
	void noSecretReachesTheOutput() {
		for (String secret : ServletTestApplication.SECRETS) {
			assertThat(rawOutput).as(secret).doesNotContain(secret);
		}
	}

	@Test
	void secretInAMessageArgumentIsMaskedAndTheKeyKept() {
		assertThat(messages()).contains("login with password=****");
	}

	@Test
	void secretKeyValueIsMasked() {
		JsonNode line = single((candidate) -> "calling the partner".equals(text(candidate, "message")));
		assertThat(text(line, "api_key")).isEqualTo("****");
	}

	@Test
	void secretStructuredArgumentIsMaskedInItsFieldAndInTheMessage() {
		JsonNode line = single((candidate) -> String.valueOf(text(candidate, "message")).startsWith("issued"));
		assertThat(text(line, "token")).isEqualTo("****");
		assertThat(text(line, "message")).isEqualTo("issued token=****");
	}

	@Test
	void secretMdcEntryIsMasked() {
		JsonNode line = single((candidate) -> "with an authorization in the MDC".equals(text(candidate, "message")));
		assertThat(text(line, "Authorization")).isEqualTo("****");
	}

	@Test
	void secretInAnExceptionMessageIsMasked() {
		JsonNode line = single((candidate) -> "refresh failed".equals(text(candidate, "message")));
		assertThat(text(line, "stack_trace")).startsWith("java.lang.IllegalStateException: invalid refresh_token=****");
	}

	@Test
	void bearerTokenIsMaskedWhereverItAppears() {
		assertThat(messages()).contains("calling with header Authorization: Bearer ****");
	}

	@Test
	void secretNestedInAStructuredArgumentIsMasked() {
		JsonNode line = single((candidate) -> String.valueOf(text(candidate, "message")).startsWith("profile"));
		assertThat(text(line.get("user"), "password")).isEqualTo("****");
		assertThat(text(line.get("user"), "name")).isEqualTo("alice");
	}

	@Test
	void secretKeysMatchIgnoringCaseAndSeparators() {
		JsonNode line = single((candidate) -> "cookie".equals(text(candidate, "message")));
		assertThat(text(line, "Set-Cookie")).isEqualTo("****");
	}

	@Test
	void configuredValuePatternIsMasked() {
		assertThat(messages()).contains("customer iban ****");
	}

	@Test
	void hostileContentStaysOneJsonObjectPerLineAndNoLineIsLost() {
		List<JsonNode> hostile = JsonLines.where(lines, (line) -> line.has("hostileCase"));
		assertThat(hostile).extracting((line) -> line.get("hostileCase").asInt())
			.containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, hostileCases).boxed().toList());
		assertThat(messageOfCase(hostile, 0)).isEqualTo("line one\nline two\r\nline three");
		assertThat(messageOfCase(hostile, 1)).isEqualTo("quotes \" and 'single' and \\ backslash");
		assertThat(messageOfCase(hostile, 2)).isEqualTo("unicode: é ß 漢字 😀 \u2028 \u2029");
		assertThat(messageOfCase(hostile, 3)).isEqualTo("nul \u0000 and bell \u0007 and escape \u001b[31m");
		assertThat(messageOfCase(hostile, 4)).startsWith("lone surrogate ").endsWith(" end");
		assertThat(messageOfCase(hostile, 5)).isEqualTo("{\"json\": \"inside\"}");
		assertThat(messageOfCase(hostile, 6)).hasSize(1024 * 1024);
	}

	@Test
	void keysCollidingWithStandardFieldsAreRenamedNotDuplicatedOrDropped() {
		JsonNode line = single((candidate) -> "colliding keys".equals(text(candidate, "message")));
		assertThat(text(line, "level")).isEqualTo("INFO");
		assertThat(text(line, "logger")).isEqualTo(ServletTestApplication.class.getName() + "$TestController");
		assertThat(text(line, "message_2")).isEqualTo("mdc message");
		assertThat(text(line, "level_2")).isEqualTo("mdc level");
		assertThat(text(line, "@timestamp_2")).isEqualTo("kv timestamp");
		assertThat(text(line, "logger_2")).isEqualTo("kv logger");
		assertThat(text(line, "key\nwith\"newline")).isEqualTo("value\r\n");
	}

	private static String messageOfCase(List<JsonNode> hostile, int hostileCase) {
		return text(hostile.stream().filter((line) -> line.get("hostileCase").asInt() == hostileCase).findFirst()
			.orElseThrow(), "message");
	}

	private static List<String> messages() {
		return lines.stream().map((line) -> text(line, "message")).toList();
	}

	private static JsonNode single(java.util.function.Predicate<JsonNode> condition) {
		List<JsonNode> matching = JsonLines.where(lines, condition);
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	private static JsonNode summaryOf(String requestId) {
		List<JsonNode> summaries = JsonLines.where(JsonLines.fromLogger(lines, SUMMARY_LOGGER),
				(line) -> requestId.equals(text(line, "requestId")));
		assertThat(summaries).as("summary lines of %s", requestId).hasSize(1);
		return summaries.get(0);
	}

}
