package dev.secretlife.observability.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitStatements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSummaryLoggerTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(RequestSummaryLogger.LOGGER_NAME);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.events.start();
		this.logger.addAppender(this.events);
		this.logger.setLevel(ch.qos.logback.classic.Level.TRACE);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.events);
		this.logger.setLevel(null);
	}

	@Test
	void levelFollowsTheStatusAndIsConfigurable() {
		RequestSummaryLogger summaryLogger = new RequestSummaryLogger(List.of(), 1.0, 256, Level.DEBUG, Level.INFO,
				Level.WARN);
		summaryLogger.log("GET", "/a", "/a", 204, "SUCCESS", 1_000_000, null, null);
		summaryLogger.log("GET", "/a", "/a", 400, "CLIENT_ERROR", 1_000_000, null, null);
		summaryLogger.log("GET", "/a", "/a", 503, "SERVER_ERROR", 1_000_000, null, null);
		assertThat(this.events.list).extracting((event) -> event.getLevel().toString())
			.containsExactly("DEBUG", "INFO", "WARN");
	}

	@Test
	void lineCarriesTheStandardFieldsAndTheFieldsOtherFeaturesAdded() {
		UnitStatements statements = new UnitStatements(false);
		statements.add("ds", null, 1_000_000);
		statements.add("ds", null, 500_000);
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, statements);
		unit.put("cacheHits", 3);
		defaults().log("POST", "/orders", "/orders", 201, "SUCCESS", 12_345_678, null, unit);
		ILoggingEvent event = this.events.list.get(0);
		assertThat(event.getFormattedMessage()).isEqualTo("POST /orders 201 12.346ms");
		assertThat(fields(event)).containsEntry("method", "POST")
			.containsEntry("route", "/orders")
			.containsEntry("path", "/orders")
			.containsEntry("status", 201)
			.containsEntry("outcome", "SUCCESS")
			.containsEntry("durationMs", 12.346)
			.containsEntry("dbQueries", 2)
			.containsEntry("dbTimeMs", 1.5)
			.containsEntry("cacheHits", 3);
	}

	@Test
	void exceptionIsNamedByItsClass() {
		defaults().log("GET", "/a", "/a", 500, "SERVER_ERROR", 1, new IllegalStateException("secret detail"), null);
		assertThat(fields(this.events.list.get(0))).containsEntry("exception", "java.lang.IllegalStateException")
			.containsEntry("outcome", "SERVER_ERROR");
	}

	@Test
	void longPathsAreCut() {
		new RequestSummaryLogger(List.of(), 1.0, 10, Level.INFO, Level.WARN, Level.ERROR).log("GET", "UNKNOWN",
				"/" + "a".repeat(100), 200, "SUCCESS", 1, null, null);
		assertThat(fields(this.events.list.get(0))).containsEntry("path", "/aaaaaaaaa...");
	}

	@Test
	void sampleRateZeroDropsSuccessesButNeverErrors() {
		RequestSummaryLogger summaryLogger = new RequestSummaryLogger(List.of(), 0.0, 256, Level.INFO, Level.WARN,
				Level.ERROR);
		for (int i = 0; i < 100; i++) {
			summaryLogger.log("GET", "/a", "/a", 200, "SUCCESS", 1, null, null);
		}
		summaryLogger.log("GET", "/a", "/a", 404, "CLIENT_ERROR", 1, null, null);
		summaryLogger.log("GET", "/a", "/a", 500, "SERVER_ERROR", 1, null, null);
		assertThat(this.events.list).extracting((event) -> fields(event).get("status")).containsExactly(404, 500);
	}

	@Test
	void excludedPathsUsePathPatterns() {
		RequestSummaryLogger summaryLogger = new RequestSummaryLogger(List.of("/actuator/**", "/internal/*/ping"),
				1.0, 256, Level.INFO, Level.WARN, Level.ERROR);
		assertThat(summaryLogger.isExcluded("/actuator")).isTrue();
		assertThat(summaryLogger.isExcluded("/actuator/health/liveness")).isTrue();
		assertThat(summaryLogger.isExcluded("/internal/a/ping")).isTrue();
		assertThat(summaryLogger.isExcluded("/actuatorx")).isFalse();
		assertThat(summaryLogger.isExcluded("/orders")).isFalse();
	}

	private static RequestSummaryLogger defaults() {
		return new RequestSummaryLogger(List.of(), 1.0, 256, Level.INFO, Level.WARN, Level.ERROR);
	}

	private static Map<String, Object> fields(ILoggingEvent event) {
		return event.getKeyValuePairs()
			.stream()
			.collect(Collectors.toMap((pair) -> pair.key, (pair) -> pair.value, (a, b) -> b));
	}

}
