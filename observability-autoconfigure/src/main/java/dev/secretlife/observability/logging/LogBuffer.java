package dev.secretlife.observability.logging;

import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.secretlife.observability.unit.UnitOfWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * Holds back, for each unit of work, the log lines that the logger configuration would not write (below a logger's
 * level, from a configured level up), and writes them when the unit ends only if it is kept: it failed or was slow
 * ({@link LogBufferListener}), or it logged an error line. An error line writes the lines held so far at once, before
 * itself, and keeps the rest of the unit's lines for its end. Lines are written through their own loggers' appenders
 * with the time, thread and MDC (request ID, trace ID) they were logged with, so that the encoders (and their
 * masking) treat them like any line.
 * <p>
 * Memory is bounded per unit, by lines and estimated bytes, and over all units together by estimated bytes; a line
 * that does not fit is dropped and counted ({@link #dropped()}). The estimate counts the message text (twice for
 * a formatted message with arguments), the MDC, key-value pairs, the stack traces and a fixed overhead per line; the
 * objects passed as arguments are kept (the encoders read structured arguments) but not counted, and an MDC map
 * shared by several lines is counted for each. A unit that is garbage collected without having ended has its lines
 * dropped and their memory released.
 */
public final class LogBuffer {

	/** Estimated bytes of a held line besides its text: the event, its fields, its slot in the unit's list. */
	static final long LINE_OVERHEAD = 256;

	private static final long ENTRY_OVERHEAD = 48;

	private static final long FRAME_SIZE = 96;

	private static final int MAX_CAUSES = 16;

	// Releases the memory of a unit that is garbage collected without having ended (an observation never stopped).
	private static final Cleaner LEAKED_UNITS = Cleaner.create();

	private final Level level;

	private final int maxLinesPerUnit;

	private final long maxBytesPerUnit;

	private final long maxBytes;

	private final AtomicLong heldBytes = new AtomicLong();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder keptForError = new LongAdder();

	private final LongAdder keptForSlowness = new LongAdder();

	private final Function<UnitOfWork, LogLineBuffer> newLines = this::newLines;

	/**
	 * Creates the buffer.
	 * @param level the lowest level held; lines below it are left to the logger configuration
	 * @param maxLinesPerUnit most lines held for one unit
	 * @param maxBytesPerUnit most estimated bytes held for one unit
	 * @param maxBytes most estimated bytes held for all units together
	 */
	public LogBuffer(Level level, int maxLinesPerUnit, long maxBytesPerUnit, long maxBytes) {
		this.level = level;
		this.maxLinesPerUnit = maxLinesPerUnit;
		this.maxBytesPerUnit = maxBytesPerUnit;
		this.maxBytes = maxBytes;
	}

	/**
	 * Returns the lowest level held.
	 * @return the level
	 */
	public Level level() {
		return this.level;
	}

	int maxLinesPerUnit() {
		return this.maxLinesPerUnit;
	}

	long maxBytesPerUnit() {
		return this.maxBytesPerUnit;
	}

	LogLineBuffer linesOf(UnitOfWork unit) {
		return unit.logLines(this.newLines);
	}

	private LogLineBuffer newLines(UnitOfWork unit) {
		LogLineBuffer lines = new LogLineBuffer();
		lines.releaseWhenLeaked(LEAKED_UNITS.register(unit, new ReleaseLeaked(lines, this)));
		return lines;
	}

	/**
	 * Holds a line for its unit, with what it needs to be written later (formatted message, thread, MDC) taken now.
	 */
	void hold(LogLineBuffer lines, Logger logger, LoggingEvent event) {
		event.prepareForDeferredProcessing();
		if (lines.add(logger, event, estimate(event), this) == LogLineBuffer.Refusal.FULL) {
			this.dropped.increment();
		}
	}

	/**
	 * Writes the lines the unit held so far, ahead of the error line it is logging, and keeps its later ones.
	 */
	void errorLogged(UnitOfWork unit) {
		LogLineBuffer lines = linesOf(unit);
		if (lines.isOpen()) {
			write(lines.errorLogged(this));
		}
	}

	/**
	 * Ends the unit's buffer: writes its lines when the unit is kept, drops them otherwise, and releases their memory.
	 * Later lines of the unit (late async or reactive continuations) are not held.
	 * @param unit the unit that ended
	 * @param keep why the unit is kept, or {@code null} when it is not (it is still kept if it logged an error line)
	 */
	public void end(UnitOfWork unit, @Nullable Keep keep) {
		LogLineBuffer lines = unit.logLines(LogLineBuffer::ended);
		if (lines == LogLineBuffer.ENDED) {
			return;
		}
		List<LogLineBuffer.HeldLine> held = lines.close(this);
		Keep reason = (keep == null && lines.isErrorLogged()) ? Keep.ERROR : keep;
		if (reason == null) {
			return;
		}
		if (held != null || lines.isWritten()) {
			((reason == Keep.ERROR) ? this.keptForError : this.keptForSlowness).increment();
		}
		write(held);
	}

	private static void write(@Nullable List<LogLineBuffer.HeldLine> lines) {
		if (lines != null) {
			for (LogLineBuffer.HeldLine line : lines) {
				line.logger().callAppenders(line.event());
			}
		}
	}

	boolean reserve(long size) {
		long held;
		do {
			held = this.heldBytes.get();
			if (held + size > this.maxBytes) {
				return false;
			}
		}
		while (!this.heldBytes.compareAndSet(held, held + size));
		return true;
	}

	void release(long size) {
		if (size != 0) {
			this.heldBytes.addAndGet(-size);
		}
	}

	/**
	 * Returns the estimated bytes held now, over all units.
	 * @return the bytes, never more than the total bound
	 */
	public long heldBytes() {
		return this.heldBytes.get();
	}

	/**
	 * Returns how many lines were dropped because a bound was reached.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.sum();
	}

	/**
	 * Returns how many units had their held lines written, for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long kept(Keep reason) {
		return ((reason == Keep.ERROR) ? this.keptForError : this.keptForSlowness).sum();
	}

	/**
	 * Estimates the memory a held line takes.
	 * @param event the line, prepared for deferred processing
	 * @return estimated bytes
	 */
	static long estimate(ILoggingEvent event) {
		long size = LINE_OVERHEAD + chars(event.getFormattedMessage());
		String message = event.getMessage();
		if (message != null && message != event.getFormattedMessage()) {
			size += chars(message);
		}
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			size += 16L * arguments.length;
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				size += ENTRY_OVERHEAD + chars(entry.getKey()) + chars(entry.getValue());
			}
		}
		List<KeyValuePair> keyValues = event.getKeyValuePairs();
		if (keyValues != null) {
			for (KeyValuePair pair : keyValues) {
				size += ENTRY_OVERHEAD + chars(pair.key)
						+ ((pair.value instanceof String text) ? chars(text) : ENTRY_OVERHEAD);
			}
		}
		IThrowableProxy throwable = event.getThrowableProxy();
		for (int i = 0; throwable != null && i < MAX_CAUSES; i++) {
			size += LINE_OVERHEAD + chars(throwable.getClassName()) + chars(throwable.getMessage());
			size += FRAME_SIZE * throwable.getStackTraceElementProxyArray().length;
			for (IThrowableProxy suppressed : throwable.getSuppressed()) {
				size += LINE_OVERHEAD + chars(suppressed.getMessage())
						+ FRAME_SIZE * suppressed.getStackTraceElementProxyArray().length;
			}
			throwable = throwable.getCause();
		}
		return size;
	}

	private static long chars(@Nullable String text) {
		return (text != null) ? 2L * text.length() : 0;
	}

	/**
	 * Drops the lines of a unit that was garbage collected before it ended. Holds the unit's lines, never the unit.
	 */
	private record ReleaseLeaked(LogLineBuffer lines, LogBuffer limits) implements Runnable {

		@Override
		public void run() {
			this.lines.close(this.limits);
		}

	}

	/**
	 * Why a unit's held lines are written.
	 */
	public enum Keep {

		/** The unit failed, or logged an error line. */
		ERROR("error"),

		/** The unit took longer than the threshold. */
		SLOW("slow");

		private final String tag;

		Keep(String tag) {
			this.tag = tag;
		}

		/**
		 * Returns the value of the {@code reason} tag of the metric of kept units.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
