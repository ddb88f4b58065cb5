package dev.secretlife.observability.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link SpanExporter} so that a collector that is down costs one warning per interval, not one per batch:
 * the first failed export is logged, the following ones only count, and the next warning after the interval says how
 * many exports and spans failed since. Export itself is unchanged (OpenTelemetry's batch processor already runs it
 * off the request threads, with a bounded queue that drops spans when full).
 */
public final class FailureLoggingSpanExporter implements SpanExporter {

	private static final Log logger = LogFactory.getLog(FailureLoggingSpanExporter.class);

	private static final Pattern ENDPOINT = Pattern.compile("endpoint=([^,}\\s]{1,2048})");

	private final SpanExporter delegate;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final LongConsumer lostSpans;

	private final AtomicLong nextLogAt;

	private final AtomicLong failedExports = new AtomicLong();

	private final AtomicLong failedSpans = new AtomicLong();

	/**
	 * Creates the wrapper.
	 * @param delegate the exporter that does the work
	 * @param interval the least time between two warnings
	 */
	public FailureLoggingSpanExporter(SpanExporter delegate, Duration interval) {
		this(delegate, interval, (spans) -> {
		});
	}

	/**
	 * Creates the wrapper.
	 * @param delegate the exporter that does the work
	 * @param interval the least time between two warnings
	 * @param lostSpans told how many spans each failed export lost
	 */
	public FailureLoggingSpanExporter(SpanExporter delegate, Duration interval, LongConsumer lostSpans) {
		this(delegate, interval, System::nanoTime, lostSpans);
	}

	FailureLoggingSpanExporter(SpanExporter delegate, Duration interval, LongSupplier nanoTime) {
		this(delegate, interval, nanoTime, (spans) -> {
		});
	}

	FailureLoggingSpanExporter(SpanExporter delegate, Duration interval, LongSupplier nanoTime,
			LongConsumer lostSpans) {
		this.delegate = delegate;
		this.lostSpans = lostSpans;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		catch (RuntimeException ex) {
			failed(count, ex);
			return CompletableResultCode.ofFailure();
		}
		result.whenComplete(() -> {
			if (!result.isSuccess()) {
				failed(count, result.getFailureThrowable());
			}
		});
		return result;
	}

	private void failed(int spans, @Nullable Throwable failure) {
		try {
			this.lostSpans.accept(spans);
		}
		catch (RuntimeException ex) {
			// Counting is best effort: it must never turn a failed export into a crashed worker.
		}
		long exports = this.failedExports.incrementAndGet();
		long lost = this.failedSpans.addAndGet(spans);
		long now = this.nanoTime.getAsLong();
		long due = this.nextLogAt.get();
		if (now - due < 0 || !this.nextLogAt.compareAndSet(due, now + this.intervalNanos)) {
			return;
		}
		this.failedExports.addAndGet(-exports);
		this.failedSpans.addAndGet(-lost);
		if (logger.isWarnEnabled()) {
			String cause = (failure != null) ? failure.toString() : "the exporter reported a failure";
			logger.warn("Could not export spans with " + describe(this.delegate) + ": " + exports + " export(s) of "
					+ lost + " span(s) failed since the last report; next report in "
					+ Duration.ofNanos(this.intervalNanos).toSeconds() + "s at the earliest. Cause: " + cause);
		}
	}

	/**
	 * Names an exporter for the warning: its class and, where its {@code toString()} gives one (OpenTelemetry's OTLP
	 * exporters do), the endpoint it sends to, without user information or query, which may hold credentials. Not
	 * every sender names the address in its failure (the JDK sender's {@code ConnectException} has no message).
	 */
	static String describe(SpanExporter exporter) {
		if (exporter instanceof LazySpanExporter lazy) {
			SpanExporter built = lazy.built();
			if (built != null) {
				return describe(built);
			}
		}
		String name = exporter.getClass().getSimpleName();
		if (name.isEmpty()) {
			name = exporter.getClass().getName();
		}
		String text;
		try {
			text = String.valueOf(exporter);
		}
		catch (RuntimeException ex) {
			return name;
		}
		Matcher endpoint = ENDPOINT.matcher(text);
		if (!endpoint.find()) {
			return name;
		}
		try {
			URI uri = new URI(endpoint.group(1));
			if (uri.getScheme() == null || uri.getHost() == null) {
				return name;
			}
			String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
			String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
			return name + " to " + uri.getScheme() + "://" + uri.getHost() + port + path;
		}
		catch (URISyntaxException ex) {
			return name;
		}
	}

	/**
	 * The exporter this one wraps.
	 * @return the exporter that does the work
	 */
	public SpanExporter delegate() {
		return this.delegate;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "FailureLoggingSpanExporter{" + this.delegate + "}";
	}

}
