package dev.secretlife.observability.tracing;

import java.util.Collection;
import java.util.function.Supplier;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SpanExporter} built after startup rather than during it: building OpenTelemetry's OTLP exporter (its HTTP
 * client, its TLS context) takes a fifth of a second of startup that no request needs. It is built by
 * {@link #build()} (called once the application is ready, on a thread of its own, and again when it begins to
 * close) or by its first export (on the span processor's thread, off the request threads), whichever comes first.
 * Until then a flush has nothing to do, and a shutdown shuts down nothing and leaves the exporter unbuilt for good. When building fails, the export fails (the
 * {@link FailureLoggingSpanExporter} around it reports it as any failed export, with the cause), and the next export
 * tries again.
 */
public final class LazySpanExporter implements SpanExporter {

	private final Supplier<SpanExporter> factory;

	private final String name;

	private final Object lock = new Object();

	private volatile @Nullable SpanExporter delegate;

	private volatile boolean shutdown;

	/**
	 * Creates the exporter.
	 * @param name what the exporter is (a bean name), for {@link #toString()} until it is built
	 * @param factory builds the exporter, once, on the first export
	 */
	public LazySpanExporter(String name, Supplier<SpanExporter> factory) {
		this.name = name;
		this.factory = factory;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown) {
			return CompletableResultCode.ofFailure();
		}
		return delegate().export(spans);
	}

	/**
	 * Builds the exporter now unless it is built or shut down: after startup, off the startup path, so that the first
	 * export finds it ready; and when the application begins to close, while it still can be built, so that the
	 * spans flushed at shutdown have it. A failure is left for the next export to meet and report.
	 */
	public void build() {
		if (this.shutdown || this.delegate != null) {
			return;
		}
		try {
			delegate();
		}
		catch (RuntimeException ex) {
			// The next export tries again, and reports the failure as any failed export.
		}
	}

	private SpanExporter delegate() {
		SpanExporter exporter = this.delegate;
		if (exporter == null) {
			synchronized (this.lock) {
				exporter = this.delegate;
				if (exporter == null) {
					exporter = this.factory.get();
					this.delegate = exporter;
				}
			}
		}
		return exporter;
	}

	/**
	 * The exporter, once built.
	 * @return the exporter, or {@code null} before the first export
	 */
	public @Nullable SpanExporter built() {
		return this.delegate;
	}

	@Override
	public CompletableResultCode flush() {
		SpanExporter exporter = this.delegate;
		return (exporter != null) ? exporter.flush() : CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		synchronized (this.lock) {
			this.shutdown = true;
			SpanExporter exporter = this.delegate;
			return (exporter != null) ? exporter.shutdown() : CompletableResultCode.ofSuccess();
		}
	}

	@Override
	public String toString() {
		SpanExporter exporter = this.delegate;
		return (exporter != null) ? exporter.toString() : "LazySpanExporter{" + this.name + ", not built yet}";
	}

}
