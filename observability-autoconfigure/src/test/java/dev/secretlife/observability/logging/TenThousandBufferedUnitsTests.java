package dev.secretlife.observability.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.secretlife.observability.unit.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 units of work alive at once, each logging far more debug text than it may hold, from several threads: the
 * memory held never exceeds the total bound, what does not fit is counted, the failed units' lines are written, and
 * once every unit has ended nothing is held.
 */
class TenThousandBufferedUnitsTests {

	private static final int UNITS = 10_000;

	private static final int LINES_PER_UNIT = 16;

	private static final long MAX_BYTES_PER_UNIT = 64 * 1024;

	private static final long MAX_BYTES = 4 * 1024 * 1024;

	private final LoggerContext context = new LoggerContext();

	@AfterEach
	void stop() {
		this.context.stop();
	}

	@Test
	void heldMemoryStaysWithinTheTotalBoundAndReturnsToZeroWhenTheUnitsEnd() throws Exception {
		this.context.setMDCAdapter(MDC.getMDCAdapter());
		Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.INFO);
		CountingAppender written = new CountingAppender();
		written.setContext(this.context);
		written.start();
		root.addAppender(written);
		LogBuffer buffer = new LogBuffer(Level.DEBUG, 1000, MAX_BYTES_PER_UNIT, MAX_BYTES);
		LogBufferFilter filter = LogBufferFilter.install(buffer, this.context);
		LogBufferListener listener = new LogBufferListener(buffer, null);
		org.slf4j.Logger log = this.context.getLogger("app.Reports");
		String big = "x".repeat(8 * 1024);
		List<UnitOfWork> units = new ArrayList<>(UNITS);
		for (int i = 0; i < UNITS; i++) {
			units.add(new UnitOfWork(UnitOfWork.Kind.TASK, null));
		}
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong mostHeld = new AtomicLong();
		Thread watcher = new Thread(() -> {
			while (running.get()) {
				mostHeld.accumulateAndGet(buffer.heldBytes(), Math::max);
				Thread.onSpinWait();
			}
		});
		watcher.start();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> logging = new ArrayList<>();
			for (int i = 0; i < UNITS; i++) {
				UnitOfWork unit = units.get(i);
				boolean fails = i % 1000 == 0;
				logging.add(threads.submit(() -> {
					try (UnitOfWork.Scope scope = unit.enter(null)) {
						for (int line = 0; line < LINES_PER_UNIT; line++) {
							if (log.isDebugEnabled()) {
								log.debug("payload {} {}", line, big);
							}
						}
						if (fails) {
							log.error("report failed");
						}
					}
				}));
			}
			for (Future<?> future : logging) {
				future.get(2, TimeUnit.MINUTES);
			}
			long heldWhileAllAlive = buffer.heldBytes();
			List<Future<?>> ending = new ArrayList<>();
			for (UnitOfWork unit : units) {
				ending.add(threads.submit(() -> listener.onEnd(unit)));
			}
			for (Future<?> future : ending) {
				future.get(2, TimeUnit.MINUTES);
			}
			running.set(false);
			watcher.join();

			assertThat(heldWhileAllAlive).isLessThanOrEqualTo(MAX_BYTES).isGreaterThan(MAX_BYTES / 2);
			assertThat(mostHeld.get()).isLessThanOrEqualTo(MAX_BYTES);
			assertThat(buffer.heldBytes()).isZero();
			assertThat(buffer.dropped()).isGreaterThan((long) UNITS * LINES_PER_UNIT / 2);
			assertThat(written.errors.get()).isEqualTo(UNITS / 1000);
			assertThat(written.debugs.get()).as("debug lines written: only failed units'")
				.isBetween(1L, (long) (UNITS / 1000) * LINES_PER_UNIT);
			assertThat(buffer.kept(LogBuffer.Keep.ERROR)).isBetween(1L, (long) UNITS / 1000);
		}
		finally {
			running.set(false);
			threads.shutdownNow();
			filter.close();
		}
	}

	private static final class CountingAppender extends AppenderBase<ILoggingEvent> {

		final AtomicLong debugs = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		@Override
		protected void append(ILoggingEvent event) {
			(event.getLevel() == Level.ERROR ? this.errors : this.debugs).incrementAndGet();
		}

	}

}
