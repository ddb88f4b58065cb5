package dev.secretlife.observability.logging;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.secretlife.observability.unit.UnitOfWork;
import org.jspecify.annotations.Nullable;

/**
 * The log lines one unit of work holds back (see {@link LogBuffer}), in the order they were logged, with their
 * estimated size. Open from its creation until the unit ends; once closed it holds nothing and accepts nothing, so
 * that a late continuation of the unit (async, reactive) logs as if no buffer existed. Thread-safe: a unit can be
 * current on several threads at once.
 */
public final class LogLineBuffer {

	/** The buffer of a unit that ended before it held any line: closed, shared. */
	static final LogLineBuffer ENDED = new LogLineBuffer(true);

	private @Nullable List<HeldLine> lines;

	private long bytes;

	private volatile boolean closed;

	private boolean errorLogged;

	private boolean written;

	private Cleaner.@Nullable Cleanable leakWatch;

	LogLineBuffer() {
		this(false);
	}

	private LogLineBuffer(boolean closed) {
		this.closed = closed;
	}

	static LogLineBuffer ended(UnitOfWork unit) {
		return ENDED;
	}

	synchronized void releaseWhenLeaked(Cleaner.Cleanable leakWatch) {
		this.leakWatch = leakWatch;
	}

	boolean isOpen() {
		return !this.closed;
	}

	/**
	 * Holds a line, if it fits the unit's bounds and the total one.
	 * @return {@code null} when held, the reason it was not otherwise
	 */
	synchronized @Nullable Refusal add(Logger logger, ILoggingEvent event, long size, LogBuffer limits) {
		if (this.closed) {
			return Refusal.CLOSED;
		}
		List<HeldLine> lines = this.lines;
		int count = (lines != null) ? lines.size() : 0;
		if (count >= limits.maxLinesPerUnit() || this.bytes + size > limits.maxBytesPerUnit()
				|| !limits.reserve(size)) {
			return Refusal.FULL;
		}
		if (lines == null) {
			lines = new ArrayList<>();
			this.lines = lines;
		}
		lines.add(new HeldLine(logger, event));
		this.bytes += size;
		return null;
	}

	/**
	 * Marks that the unit logged an error line and takes the lines held so far, to be written before it.
	 * @return the lines, or {@code null} for none (or when the unit has ended)
	 */
	synchronized @Nullable List<HeldLine> errorLogged(LogBuffer limits) {
		if (this.closed) {
			return null;
		}
		this.errorLogged = true;
		List<HeldLine> lines = take(limits);
		if (lines != null) {
			this.written = true;
		}
		return lines;
	}

	/**
	 * Closes the buffer for good and takes what it holds.
	 * @return the lines, or {@code null} for none
	 */
	synchronized @Nullable List<HeldLine> close(LogBuffer limits) {
		if (this.closed) {
			return null;
		}
		this.closed = true;
		Cleaner.Cleanable leakWatch = this.leakWatch;
		this.leakWatch = null;
		if (leakWatch != null) {
			// The unit ended: stop watching it (running the action again finds the buffer closed).
			leakWatch.clean();
		}
		return take(limits);
	}

	private @Nullable List<HeldLine> take(LogBuffer limits) {
		List<HeldLine> lines = this.lines;
		this.lines = null;
		limits.release(this.bytes);
		this.bytes = 0;
		return lines;
	}

	/**
	 * Whether the unit logged an error line while it ran, which keeps every line it held.
	 */
	synchronized boolean isErrorLogged() {
		return this.errorLogged;
	}

	/**
	 * Whether lines of the unit were written before it ended (the lines held before its error line).
	 */
	synchronized boolean isWritten() {
		return this.written;
	}

	/**
	 * Why a line was not held.
	 */
	enum Refusal {

		/** The unit has ended: the line is treated as if no buffer existed. */
		CLOSED,

		/** The unit's bounds or the total one are reached: the line is dropped and counted. */
		FULL

	}

	/**
	 * A held line and the logger to write it through.
	 */
	record HeldLine(Logger logger, ILoggingEvent event) {

	}

}
