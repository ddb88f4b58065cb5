package dev.secretlife.observability.autoconfigure.jdbc;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.secretlife.observability.autoconfigure.jdbc.testapp.LibraryData;
import dev.secretlife.observability.autoconfigure.jdbc.testapp.SpanCollector;
import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JDBC statements joined to the HTTP request that ran them, on a real server with JPA, JdbcClient, tracing and JSON
 * logs. Subclasses name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractJdbcRequestTests {

	private static final String SECRET = "swordfish-" + UUID.randomUUID();

	private LibraryServer server;

	/**
	 * Returns the properties that point {@code spring.datasource} at the database under test, and the slow query.
	 * @return property pairs
	 */
	protected abstract String[] databaseProperties();

	/**
	 * Returns the expected {@code db.system.name} of the database.
	 * @return the OpenTelemetry name
	 */
	protected abstract String dbSystemName();

	@BeforeAll
	void startServer() {
		this.server = LibraryServer.start(databaseProperties());
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	@Test
	void catchesALazyLoadedAssociationIteratedInALoopAsNPlusOne(CapturedOutput output) {
		String requestId = "n-plus-one-" + UUID.randomUUID();
		HttpResponse<String> response = this.server.get("/authors/books", requestId);
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> warnings = LibraryServer.warnings(output, NPlusOneDetector.class, requestId);
		assertThat(warnings).hasSize(1);
		JsonNode warning = warnings.get(0);
		String message = warning.path("message").asString();
		assertThat(message).contains("ran " + LibraryData.AUTHORS + " times in GET /authors/books")
			.contains("requestId=" + requestId)
			.containsPattern("from book \\w+ where \\w+\\.author_id ?= ?\\?");
		String traceId = warning.path("traceId").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(message).contains("traceId=" + traceId);
		MeterRegistry registry = this.server.bean(MeterRegistry.class);
		assertThat(registry.get("jdbc.repeated.queries")
			.tag("datasource", "dataSource")
			.tag("uri", "/authors/books")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		DistributionSummary perRequest = registry.get("jdbc.request.queries")
			.tag("method", "GET")
			.tag("uri", "/authors/books")
			.summary();
		assertThat(perRequest.max()).isEqualTo(1 + LibraryData.AUTHORS);
	}

	@Test
	void warnsAboutASlowQueryWithRequestAndTraceIdsButNoParameter(CapturedOutput output) {
		MeterRegistry registry = this.server.bean(MeterRegistry.class);
		double slowBefore = slowQueries(registry);
		String requestId = "slow-" + UUID.randomUUID();
		HttpResponse<String> response = this.server.post("/slow", requestId, SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> warnings = LibraryServer.warnings(output, JdbcQueryListener.class, requestId);
		assertThat(warnings).hasSize(1);
		String message = warnings.get(0).path("message").asString();
		assertThat(message).startsWith("Slow JDBC statement: ")
			.contains("on data source 'dataSource' (operation=select, requestId=" + requestId)
			.contains("traceId=" + warnings.get(0).path("traceId").asString())
			.contains("title <> ?")
			.doesNotContain(SECRET);
		assertThat(slowQueries(registry)).isEqualTo(slowBefore + 1);
	}

	private static double slowQueries(MeterRegistry registry) {
		var counter = registry.find("jdbc.slow.queries").tag("operation", "select").counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void keepsASecretBoundAsParameterOutOfEveryLogLine(CapturedOutput output) {
		String requestId = "secret-" + UUID.randomUUID();
		assertThat(this.server.post("/authors/1/lookups?times=6", requestId, SECRET).statusCode()).isEqualTo(200);
		assertThat(this.server.post("/slow", requestId, SECRET).statusCode()).isEqualTo(200);
		assertThat(LibraryServer.warnings(output, NPlusOneDetector.class, requestId)).hasSize(1);
		assertThat(LibraryServer.warnings(output, JdbcQueryListener.class, requestId)).hasSize(1);
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void putsQueryCountAndTimeOnTheRequestSummaryLine(CapturedOutput output) {
		String requestId = "summary-" + UUID.randomUUID();
		assertThat(this.server.get("/count", requestId).statusCode()).isEqualTo(200);
		JsonNode summary = LibraryServer.summaryLine(output, requestId);
		assertThat(summary.path("dbQueries").asInt()).isEqualTo(1);
		assertThat(summary.path("dbTimeMs").isNumber()).isTrue();
		assertThat(summary.path("dbTimeMs").asDouble()).isPositive();
	}

	/**
	 * A routed request, a path no controller maps (Spring MVC's static resource handler answers it 404 under its
	 * pattern {@code /**}) and a method no handler takes (405): for each, the statements-per-request metric
	 * carries the same {@code method} and {@code uri} as Boot's {@code http.server.requests}, and {@code uri} is the
	 * summary line's {@code route}.
	 */
	@Test
	void tagsStatementsPerRequestAsBootTagsTheRequestAndTheSummaryLineNamesTheRoute(CapturedOutput output) {
		MeterRegistry registry = this.server.bean(MeterRegistry.class);
		record Sent(String method, String path, int status, String tagMethod, String uri) {
		}
		List<Sent> requests = List.of(new Sent("GET", "/count", 200, "GET", "/count"),
				new Sent("POST", "/no/such/path/42", 404, "POST", "/**"),
				new Sent("BREW", "/count", 405, "UNKNOWN", "UNKNOWN"));
		for (Sent sent : requests) {
			String requestId = "join-" + UUID.randomUUID();
			assertThat(this.server.request(sent.method(), sent.path(), requestId).statusCode()).isEqualTo(sent.status());
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(LibraryServer.summaryLine(output, requestId).path("route").asString()).isEqualTo(sent.uri());
				assertThat(registry.find("http.server.requests")
					.tag("method", sent.tagMethod())
					.tag("uri", sent.uri())
					.tag("status", String.valueOf(sent.status()))
					.timer()).as("http.server.requests for %s %s", sent.method(), sent.path()).isNotNull();
				assertThat(registry.find("jdbc.request.queries")
					.tag("method", sent.tagMethod())
					.tag("uri", sent.uri())
					.summary()).as("jdbc.request.queries for %s %s", sent.method(), sent.path()).isNotNull();
			});
		}
	}

	@Test
	void makesEachStatementAChildSpanOfTheRequestSpan() {
		SpanCollector spans = this.server.bean(SpanCollector.class);
		spans.spans().clear();
		assertThat(this.server.get("/count", "span-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		SpanData server = spans.spans()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElseThrow();
		List<SpanData> statements = spans.spans()
			.stream()
			.filter((span) -> span.getAttributes().get(AttributeKey.stringKey("db.system.name")) != null)
			.toList();
		assertThat(statements).hasSize(1);
		SpanData statement = statements.get(0);
		assertThat(statement.getName()).isEqualTo("SELECT");
		assertThat(statement.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(statement.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(statement.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo(dbSystemName());
		assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("SELECT");
		assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isNotBlank();
		assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.isEqualTo("select count(*) from author");
	}

	@Test
	void keepsParameterValuesOutOfSpans() {
		SpanCollector spans = this.server.bean(SpanCollector.class);
		spans.spans().clear();
		assertThat(this.server.post("/authors/1/lookups?times=2", "span-secret-" + UUID.randomUUID(), SECRET)
			.statusCode()).isEqualTo(200);
		assertThat(spans.spans()).isNotEmpty();
		assertThat(spans.spans()).allSatisfy((span) -> assertThat(span.toString()).doesNotContain(SECRET));
	}

	/**
	 * A duplicate key makes every database quote the value in its message (PostgreSQL {@code Key (email)=(...)
	 * already exists}, H2 {@code VALUES ( '...' )} and the statement text): the span says what failed (type,
	 * SQLState, an error status) and nothing of what the database said.
	 */
	@Test
	void recordsTheTypeAndSqlStateOfAFailedStatementButNeverTheDatabaseMessage(CapturedOutput output) {
		SpanCollector spans = this.server.bean(SpanCollector.class);
		spans.spans().clear();
		String email = "alice-" + UUID.randomUUID() + "@example.com";
		HttpResponse<String> response = this.server.post("/accounts", "duplicate-" + UUID.randomUUID(), email);
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).isEqualTo("2");
		List<SpanData> failed = spans.spans()
			.stream()
			.filter((span) -> span.getAttributes().get(AttributeKey.stringKey("db.system.name")) != null)
			.filter((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
			.toList();
		assertThat(failed).hasSize(2);
		assertThat(failed).allSatisfy((span) -> {
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).contains("Exception");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isEqualTo("23505");
			assertThat(span.getEvents()).anySatisfy((event) -> assertThat(
					event.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.contains("SQLState 23505"));
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
				.isEqualTo("insert into account (email) values (?)");
		});
		assertThat(spans.spans()).isNotEmpty()
			.allSatisfy((span) -> assertThat(span.toString()).doesNotContain(email));
		assertThat(output.getAll()).doesNotContain(email);
	}

}
