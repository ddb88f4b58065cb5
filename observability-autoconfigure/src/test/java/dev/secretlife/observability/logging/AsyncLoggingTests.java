package dev.secretlife.observability.logging;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.util.Duration;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncLoggingTests {

	@Test
	void eventsStillQueuedWhenTheGracePeriodEndsAndEventsLoggedAfterStopAreCountedAsLostAtShutdown() throws Exception {
		LoggerContext context = new LoggerContext();
		CountDownLatch release = new CountDownLatch(1);
		BlockedAppender blocked = new BlockedAppender(release);
		blocked.setContext(context);
		blocked.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(blocked);
		LoggingEventAsyncDisruptorAppender async = AsyncLogging.install(context, 64);
		async.setShutdownGracePeriod(Duration.buildByMilliseconds(50));
		DroppedLogEvents dropped = AsyncLogging.droppedEvents(context);
		assertThat(dropped).isNotNull();
		for (int i = 0; i < 10; i++) {
			root.info("event {}", i);
		}
		async.stop();
		long lost = dropped.shutdown();
		assertThat(lost).as("events still queued behind the blocked one").isBetween(9L, 10L);
		root.info("after stop");
		assertThat(dropped.shutdown()).isEqualTo(lost + 1);
		assertThat(dropped.queueFull()).isZero();
		assertThat(dropped.count()).isEqualTo(lost + 1);
		release.countDown();
	}

	@Test
	void eventsDroppedBecauseTheQueueIsFullAreCountedApart() {
		LoggerContext context = new LoggerContext();
		CountDownLatch release = new CountDownLatch(1);
		BlockedAppender blocked = new BlockedAppender(release);
		blocked.setContext(context);
		blocked.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(blocked);
		AsyncLogging.install(context, 8);
		for (int i = 0; i < 50; i++) {
			root.info("event {}", i);
		}
		DroppedLogEvents dropped = AsyncLogging.droppedEvents(context);
		assertThat(dropped.queueFull()).isGreaterThanOrEqualTo(50 - 8 - 1);
		assertThat(dropped.shutdown()).isZero();
		release.countDown();
		AsyncLogging.find(context).stop();
	}

	/** Takes the first event and holds it until released, so that everything after it stays queued. */
	private static final class BlockedAppender extends AppenderBase<ILoggingEvent> {

		private final CountDownLatch release;

		BlockedAppender(CountDownLatch release) {
			this.release = release;
		}

		@Override
		protected void append(ILoggingEvent event) {
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
