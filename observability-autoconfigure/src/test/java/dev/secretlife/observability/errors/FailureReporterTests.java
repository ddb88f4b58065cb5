package dev.secretlife.observability.errors;

import java.time.Clock;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporter with hostile exceptions: it never throws, always writes the line and always records the failure.
 */
class FailureReporterTests {

	private final FailureTable table = new FailureTable(10, 100, (text) -> text, Clock.systemUTC());

	private final FailureReporter reporter = new FailureReporter(true, new LoggedFailures(), List.of(this.table));

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void attach() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.appender.setContext(context);
		this.appender.start();
		context.getLogger(FailureReporter.LOGGER_NAME).addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(FailureReporter.LOGGER_NAME)
			.detachAppender(this.appender);
	}

	@Test
	void anExceptionWhoseMessageAndToStringThrowIsLoggedWithoutItsStackTraceAndRecorded() {
		this.reporter.report(new FailureTableTests.Hostile(), FailureKind.HTTP, "/hostile", "GET");

		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getFormattedMessage())
				.isEqualTo("Unhandled " + FailureTableTests.Hostile.class.getName() + " in GET /hostile");
			assertThat(event.getThrowableProxy()).isNull();
		});
		assertThat(this.table.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.count()).isEqualTo(1));
	}

	@Test
	void aCyclicCauseChainIsLoggedWithItsStackTraceAndRecorded() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);

		this.reporter.report(first, FailureKind.TASK, "Jobs.run", null);

		assertThat(this.appender.list).singleElement()
			.satisfies((event) -> assertThat(event.getThrowableProxy()).isNotNull());
		assertThat(this.table.size()).isEqualTo(1);
	}

	@Test
	void theLineHasTheFieldsOfTheUnit() {
		this.reporter.report(new IllegalStateException("boom"), FailureKind.HTTP, "/orders/{id}", "POST");

		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
			assertThat(event.getKeyValuePairs()).extracting((pair) -> pair.key + "=" + pair.value)
				.containsExactly("kind=http", "exception=java.lang.IllegalStateException",
						"fingerprint=" + this.table.entries().get(0).fingerprint(), "method=POST",
						"route=/orders/{id}");
		});
	}

	static Logger errorLogger() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(FailureReporter.LOGGER_NAME);
	}

}
