package dev.secretlife.observability.errors;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in logback's real context: the container's line of a reported exception (or of its wrapper) is left
 * out, every other line is written.
 */
class DuplicateFailureLogFilterTests {

	private final LoggedFailures logged = new LoggedFailures();

	private final FailureReporter reporter = new FailureReporter(true, this.logged, List.of());

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private DuplicateFailureLogFilter filter;

	@BeforeEach
	void install() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.appender.setContext(context);
		this.appender.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
		this.filter = DuplicateFailureLogFilter.install(this.logged);
	}

	@AfterEach
	void uninstall() {
		this.filter.close();
		((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME)
			.detachAppender(this.appender);
	}

	@Test
	void theContainersLineOfAReportedExceptionWrappedInAServletExceptionIsLeftOut() {
		IllegalStateException error = new IllegalStateException("boom");
		this.reporter.report(error, FailureKind.HTTP, "/boom", "GET");
		org.slf4j.Logger container = LoggerFactory.getLogger("org.apache.catalina.core.ContainerBase");
		container.error("Servlet.service() threw exception", new ServletException("Request processing failed", error));
		container.error("Another failure", new IllegalStateException("not reported"));
		container.error("No exception at all");

		assertThat(this.appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("Unhandled java.lang.IllegalStateException in GET /boom", "Another failure",
					"No exception at all");
	}

	@Test
	void aReportedExceptionAsTheLastArgumentIsRecognisedToo() {
		IllegalStateException error = new IllegalStateException("boom");
		this.reporter.report(error, FailureKind.TASK, "Jobs.run", null);
		LoggerFactory.getLogger("org.springframework.scheduling.support.TaskUtils")
			.error("Unexpected error occurred in scheduled task {}", "Jobs.run", error);

		assertThat(this.appender.list).singleElement()
			.satisfies((event) -> assertThat(event.getLoggerName()).isEqualTo(FailureReporter.LOGGER_NAME));
	}

	@Test
	void aCyclicCauseChainEndsTheSearch() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);
		this.reporter.report(new IllegalStateException("another"), FailureKind.TASK, "Jobs.run", null);
		Logger somewhere = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("somewhere");

		assertThat(this.filter.decide(null, somewhere, ch.qos.logback.classic.Level.ERROR, "cyclic", null, first))
			.isEqualTo(ch.qos.logback.core.spi.FilterReply.NEUTRAL);
	}

}
