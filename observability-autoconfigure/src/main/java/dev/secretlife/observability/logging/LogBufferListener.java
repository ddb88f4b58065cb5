package dev.secretlife.observability.logging;

import java.time.Duration;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import org.jspecify.annotations.Nullable;

/**
 * Ends a unit's {@link LogBuffer buffered lines} when the unit ends: writes them when it failed or took longer than
 * the threshold, drops them otherwise. Must run before every other listener, so that the held lines precede the
 * unit's failure line and summary line.
 */
public final class LogBufferListener implements UnitOfWorkListener {

	private final LogBuffer buffer;

	private final long slowerThanNanos;

	/**
	 * Creates the listener.
	 * @param buffer the buffer
	 * @param slowerThan duration above which a unit's lines are written, or {@code null} to write only a failed
	 * unit's
	 */
	public LogBufferListener(LogBuffer buffer, @Nullable Duration slowerThan) {
		this.buffer = buffer;
		this.slowerThanNanos = (slowerThan != null) ? slowerThan.toNanos() : Long.MAX_VALUE;
	}

	@Override
	public void onEnd(UnitOfWork unit) {
		this.buffer.end(unit, keep(unit));
	}

	private LogBuffer.@Nullable Keep keep(UnitOfWork unit) {
		if (unit.failed()) {
			return LogBuffer.Keep.ERROR;
		}
		return (unit.durationNanos() > this.slowerThanNanos) ? LogBuffer.Keep.SLOW : null;
	}

}
