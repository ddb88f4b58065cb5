package dev.secretlife.observability.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.testsupport.ChildApplication;
import dev.secretlife.observability.testsupport.JsonLines;
import dev.secretlife.observability.web.RequestSummaryLogger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One application on a real server, driven over HTTP: every request's summary line names the same method, route,
 * status and outcome as Spring's own {@code http.server.requests} series for it (read from the real Prometheus
 * scrape), with the request's ID and trace ID, and the application's exception rather than the container's wrapper.
 */
abstract class AbstractRealServerUnitOfWorkTests {

	private static final Pattern SERIES = Pattern.compile("^http_server_requests_seconds_count\\{(.*)\\} ",
			Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	/**
	 * Starts the application.
	 * @return the running application
	 */
	protected abstract ChildApplication start() throws Exception;

	/**
	 * Returns the name of the server the application must run on, as it logs its start.
	 * @return for example {@code Jetty}
	 */
	protected abstract String server();

	/**
	 * Returns the requests to send: path, expected route, expected status.
	 * @return the requests
	 */
	protected abstract List<Expected> requests();

	/**
	 * Returns the request whose handler throws, and the class of its exception.
	 * @return the failing request
	 */
	protected abstract Expected failing();

	@Test
	void everySummaryLineAgreesWithSpringsHttpServerRequestsAndCarriesTheIds() throws Exception {
		List<JsonNode> lines;
		String scrape;
		try (ChildApplication app = start()) {
			List<Expected> all = new ArrayList<>(requests());
			all.add(failing());
			for (Expected expected : all) {
				assertThat(app.get(expected.path(), "X-Request-ID", expected.requestId()).statusCode())
					.as(expected.path())
					.isEqualTo(expected.status());
			}
			scrape = app.get("/actuator/prometheus").body();
			lines = JsonLines.parse(app.stop());
		}
		assertThat(String.join("\n", lines.stream().map(Object::toString).toList())).contains(server() + " started");
		List<Map<String, String>> series = series(scrape);
		for (Expected expected : requests()) {
			JsonNode line = summaryLine(lines, expected);
			assertThat(JsonLines.text(line, "route")).as(expected.path()).isEqualTo(expected.route());
			assertThat(line.get("status").asInt()).isEqualTo(expected.status());
			assertThat(JsonLines.text(line, "traceId")).as("traceId of " + expected.path()).isNotBlank();
			assertThat(series).as("http.server.requests series of " + expected.path())
				.contains(Map.of("method", JsonLines.text(line, "method"), "uri", JsonLines.text(line, "route"),
						"status", String.valueOf(expected.status()), "outcome", JsonLines.text(line, "outcome")));
		}
		JsonNode failed = summaryLine(lines, failing());
		assertThat(JsonLines.text(failed, "route")).isEqualTo(failing().route());
		assertThat(failed.get("status").asInt()).isEqualTo(500);
		assertThat(JsonLines.text(failed, "exception")).isEqualTo("java.lang.IllegalStateException");
		assertThat(series).contains(Map.of("method", "GET", "uri", failing().route(), "status", "500", "outcome",
				"SERVER_ERROR"));
	}

	@Test
	void aFailureIsLoggedOnceWithItsStackTraceAndTheIdsAndNoLineWithoutThem() throws Exception {
		List<JsonNode> lines;
		JsonNode errors;
		try (ChildApplication app = start()) {
			assertThat(app.get(failing().path(), "X-Request-ID", failing().requestId()).statusCode()).isEqualTo(500);
			// The container logs after the request has ended: give it the time to do so.
			Thread.sleep(300);
			errors = JsonLines.parse(List.of(app.get("/actuator/errors").body())).get(0);
			lines = JsonLines.parse(app.stop());
		}
		List<JsonNode> withStackTrace = JsonLines.where(lines, (line) -> line.has("stack_trace"));
		assertThat(withStackTrace).as("lines with a stack trace").hasSize(1);
		JsonNode failure = withStackTrace.get(0);
		assertThat(JsonLines.text(failure, "logger")).isEqualTo(FailureReporter.LOGGER_NAME);
		assertThat(JsonLines.text(failure, "level")).isEqualTo("ERROR");
		assertThat(JsonLines.text(failure, "requestId")).isEqualTo(failing().requestId());
		assertThat(JsonLines.text(failure, "traceId")).isNotBlank();
		assertThat(JsonLines.text(failure, "spanId")).isNotBlank();
		assertThat(JsonLines.text(failure, "route")).isEqualTo(failing().route());
		assertThat(JsonLines.text(failure, "method")).isEqualTo("GET");
		assertThat(JsonLines.text(failure, "kind")).isEqualTo("http");
		assertThat(JsonLines.text(failure, "exception")).isEqualTo("java.lang.IllegalStateException");
		assertThat(JsonLines.text(failure, "stack_hash")).isNotBlank();
		assertThat(JsonLines.text(failure, "fingerprint")).hasSize(16);
		assertThat(JsonLines.text(failure, "stack_trace")).startsWith("java.lang.IllegalStateException: boom");
		assertThat(errors.get("fingerprints").asInt()).isEqualTo(1);
		JsonNode group = errors.get("failures").get(0);
		assertThat(JsonLines.text(group, "fingerprint")).isEqualTo(JsonLines.text(failure, "fingerprint"));
		assertThat(JsonLines.text(group, "name")).isEqualTo(failing().route());
		assertThat(group.get("count").asLong()).isEqualTo(1);
		assertThat(JsonLines.text(group, "lastRequestId")).isEqualTo(failing().requestId());
		assertThat(JsonLines.text(group, "lastTraceId")).isEqualTo(JsonLines.text(failure, "traceId"));
		assertThat(JsonLines.text(group, "message")).isEqualTo("boom");
		JsonNode summary = summaryLine(lines, failing());
		assertThat(JsonLines.text(summary, "traceId")).isEqualTo(JsonLines.text(failure, "traceId"));
		assertThat(JsonLines.where(lines, (line) -> "ERROR".equals(JsonLines.text(line, "level"))
				&& !line.hasNonNull("requestId")))
			.as("ERROR lines without the request ID")
			.isEmpty();
	}

	private static JsonNode summaryLine(List<JsonNode> lines, Expected expected) {
		List<JsonNode> own = JsonLines.where(JsonLines.fromLogger(lines, RequestSummaryLogger.LOGGER_NAME),
				(line) -> expected.requestId().equals(JsonLines.text(line, "requestId")));
		assertThat(own).as("summary lines of " + expected.path()).hasSize(1);
		return own.get(0);
	}

	private static List<Map<String, String>> series(String scrape) {
		List<Map<String, String>> series = new ArrayList<>();
		Matcher matcher = SERIES.matcher(scrape);
		while (matcher.find()) {
			Map<String, String> labels = new LinkedHashMap<>();
			Matcher label = LABEL.matcher(matcher.group(1));
			while (label.find()) {
				if (List.of("method", "uri", "status", "outcome").contains(label.group(1))) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.add(labels);
		}
		return series;
	}

	/**
	 * A request and what its summary line must say.
	 * @param path the path
	 * @param route the route (the {@code uri} tag)
	 * @param status the status
	 * @param requestId the request ID it is sent with
	 */
	protected record Expected(String path, String route, int status, String requestId) {
	}

}
