package dev.secretlife.observability.logging;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secretlife.observability.unit.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buffer in a real logback context of its own (root at {@code INFO}, a list appender): what is held, when it is
 * written and in which order, and that nothing changes outside a unit of work.
 */
class LogBufferTests {

	private final LoggerContext context = new LoggerContext();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger log = this.context.getLogger("app.Orders");

	private LogBuffer buffer;

	private LogBufferFilter filter;

	private LogBufferListener listener;

	@BeforeEach
	void setUp() {
		this.context.setMDCAdapter(MDC.getMDCAdapter());
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		this.appender.setContext(this.context);
		this.appender.start();
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
		install(new LogBuffer(Level.DEBUG, 1000, 1024 * 1024, 32 * 1024 * 1024));
	}

	private void install(LogBuffer buffer) {
		if (this.filter != null) {
			this.filter.close();
		}
		this.buffer = buffer;
		this.filter = LogBufferFilter.install(buffer, this.context);
		this.listener = new LogBufferListener(buffer, null);
	}

	@AfterEach
	void tearDown() {
		this.filter.close();
		MDC.clear();
		this.context.stop();
	}

	@Test
	void outsideAUnitDebugLinesStayDroppedAndDebugIsNotEnabled() {
		assertThat(this.log.isDebugEnabled()).isFalse();
		this.log.debug("outside");
		this.log.atDebug().log("outside, fluent");
		this.log.info("written");

		assertThat(messages()).containsExactly("written");
		assertThat(this.buffer.heldBytes()).isZero();
	}

	@Test
	void duringAUnitDebugIsEnabledAndItsLinesAreHeldNotWritten() {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			assertThat(this.log.isDebugEnabled()).isTrue();
			assertThat(this.log.isTraceEnabled()).as("below the buffer's level").isFalse();
			this.log.debug("held {}", 1);
			this.log.trace("never held");
			this.log.info("written at once");
		}
		assertThat(messages()).containsExactly("written at once");
		assertThat(this.buffer.heldBytes()).isPositive();
	}

	@Test
	void aUnitThatEndsWellDropsItsHeldLinesAndReleasesTheirMemory() {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			this.log.debug("held");
			this.log.atDebug().addKeyValue("order", 42).log("held, fluent");
		}
		this.listener.onEnd(unit);

		assertThat(messages()).isEmpty();
		assertThat(this.buffer.heldBytes()).isZero();
		assertThat(this.buffer.kept(LogBuffer.Keep.ERROR)).isZero();
	}

	@Test
	void anErrorLineWritesTheHeldLinesBeforeItAndTheLaterOnesAtTheEnd() {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.TASK, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			this.log.debug("first");
			this.log.info("info");
			this.log.atDebug().addKeyValue("order", 42).log("second, fluent");
			this.log.error("failed", new IllegalStateException("boom"));
			this.log.debug("after the error");
		}
		assertThat(messages()).containsExactly("info", "first", "second, fluent", "failed");
		this.listener.onEnd(unit);

		assertThat(messages()).containsExactly("info", "first", "second, fluent", "failed", "after the error");
		assertThat(this.appender.list.get(2).getKeyValuePairs()).singleElement()
			.satisfies((pair) -> assertThat(pair.key + "=" + pair.value).isEqualTo("order=42"));
		assertThat(this.appender.list.get(1).getLevel()).isEqualTo(Level.DEBUG);
		assertThat(this.buffer.kept(LogBuffer.Keep.ERROR)).isOne();
		assertThat(this.buffer.heldBytes()).isZero();
	}

	@Test
	void heldLinesKeepTheTimeThreadAndMdcTheyWereLoggedWith() throws Exception {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		long before = System.currentTimeMillis();
		Thread worker = new Thread(() -> {
			MDC.put("requestId", "req-1");
			try (UnitOfWork.Scope scope = unit.enter(null)) {
				this.log.debug("from {}", "worker");
			}
			finally {
				MDC.clear();
			}
		}, "worker-thread");
		worker.start();
		worker.join();
		Thread.sleep(20);
		long logged = System.currentTimeMillis();
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			this.log.error("failed");
		}

		ILoggingEvent held = this.appender.list.get(0);
		assertThat(held.getFormattedMessage()).isEqualTo("from worker");
		assertThat(held.getThreadName()).isEqualTo("worker-thread");
		assertThat(held.getMDCPropertyMap()).containsEntry("requestId", "req-1");
		assertThat(held.getTimeStamp()).isBetween(before, logged);
		assertThat(this.appender.list.get(1).getTimeStamp()).isGreaterThanOrEqualTo(logged);
	}

	@Test
	void afterTheUnitEndedItsLateContinuationsLogAsWithoutABuffer() {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		this.listener.onEnd(unit);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			assertThat(this.log.isDebugEnabled()).isFalse();
			this.log.debug("late");
			this.log.atDebug().log("late, fluent");
			this.log.error("late error");
		}
		this.listener.onEnd(unit);

		assertThat(messages()).containsExactly("late error");
		assertThat(this.buffer.heldBytes()).isZero();
	}

	@Test
	void aUnitCollectedWithoutEverEndingReleasesTheMemoryOfItsLines() throws InterruptedException {
		holdLinesForAUnitThatNeverEnds();
		assertThat(this.buffer.heldBytes()).isPositive();
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (this.buffer.heldBytes() != 0 && System.nanoTime() < deadline) {
			System.gc();
			Thread.sleep(50);
		}
		assertThat(this.buffer.heldBytes()).isZero();
		assertThat(messages()).isEmpty();
	}

	private void holdLinesForAUnitThatNeverEnds() {
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			this.log.debug("held by a unit that never ends");
		}
	}

	@Test
	void aLoggerSwitchedOffStaysSilent() {
		this.context.getLogger("app.Noisy").setLevel(Level.OFF);
		org.slf4j.Logger noisy = this.context.getLogger("app.Noisy");
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			assertThat(noisy.isDebugEnabled()).isFalse();
			noisy.error("off");
			this.log.error("on");
		}
		this.listener.onEnd(unit);

		assertThat(messages()).containsExactly("on");
	}

	@Test
	void linesBeyondTheUnitsBoundsAreDroppedAndCounted() {
		install(new LogBuffer(Level.DEBUG, 3, 1024 * 1024, 32 * 1024 * 1024));
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			for (int i = 1; i <= 5; i++) {
				this.log.debug("line {}", i);
			}
			this.log.error("failed");
		}

		assertThat(messages()).containsExactly("line 1", "line 2", "line 3", "failed");
		assertThat(this.buffer.dropped()).isEqualTo(2);
	}

	@Test
	void linesBeyondTheBytesOfAUnitAreDroppedAndCounted() {
		String big = "x".repeat(1000);
		long size = LogBuffer.estimate(event(big));
		install(new LogBuffer(Level.DEBUG, 1000, 2 * size + size / 2, 32 * 1024 * 1024));
		UnitOfWork unit = new UnitOfWork(UnitOfWork.Kind.HTTP, null);
		try (UnitOfWork.Scope scope = unit.enter(null)) {
			for (int i = 0; i < 4; i++) {
				this.log.debug(big);
			}
			assertThat(this.buffer.heldBytes()).isEqualTo(2 * size);
		}
		this.listener.onEnd(unit);

		assertThat(this.buffer.dropped()).isEqualTo(2);
		assertThat(this.buffer.heldBytes()).isZero();
	}

	@Test
	void theEstimateCountsMessageMdcKeyValuesAndStackTrace() {
		long plain = LogBuffer.estimate(event("m"));
		MDC.put("requestId", "0123456789");
		long withMdc = LogBuffer.estimate(event("m"));
		MDC.clear();
		ch.qos.logback.classic.spi.LoggingEvent withThrowable = new ch.qos.logback.classic.spi.LoggingEvent(
				Logger.FQCN, this.log, Level.DEBUG, "m", new IllegalStateException("boom"), null);
		withThrowable.prepareForDeferredProcessing();

		assertThat(plain).isEqualTo(LogBuffer.LINE_OVERHEAD + 2);
		assertThat(withMdc).isGreaterThan(plain + 2 * ("requestId".length() + 10));
		assertThat(LogBuffer.estimate(withThrowable)).isGreaterThan(plain + 1000);
	}

	@Test
	void theFilterIsPutBackWhenLogbackIsResetAndGoneOnceClosed() {
		this.context.reset();
		assertThat(this.filter.isInstalled()).isTrue();
		this.filter.close();
		this.context.reset();
		assertThat(this.filter.isInstalled()).isFalse();
		assertThat(this.context.getTurboFilterList()).isEmpty();
	}

	private ch.qos.logback.classic.spi.LoggingEvent event(String message) {
		ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(Logger.FQCN,
				this.log, Level.DEBUG, message, null, null);
		event.prepareForDeferredProcessing();
		return event;
	}

	private List<String> messages() {
		return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
