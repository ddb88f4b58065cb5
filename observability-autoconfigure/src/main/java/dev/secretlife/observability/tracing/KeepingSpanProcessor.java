package dev.secretlife.observability.tracing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the whole local trace of a unit of work that was not sampled at its start but failed or was slow: with the
 * {@link KeepingSampler}, unsampled spans are recorded; this processor holds each ended one in memory, per trace,
 * until the trace's local root span (the server span of a request, the span of a scheduled run) ends. Then it either
 * hands them all to the exporting processors as sampled spans, the root marked with {@value #ATTRIBUTE} and the
 * reason ({@value #REASON_ERROR} or {@value #REASON_SLOW}), or forgets them.
 * <p>
 * A local root is kept when it carries {@value #ATTRIBUTE} already (the unit-of-work listener marks a failed unit,
 * a 5xx without exception included), when its status is error (with error keeping on), or when it lasted at least
 * the slow threshold. A span of a kept trace that ends after its local root is exported as well, as long as the trace
 * is among the recently kept ones. Sampled spans pass untouched: the exporting processors handle them as always.
 * <p>
 * Memory is bounded: at most {@code maxSpansPerUnit} spans per trace and {@code maxSpans} in all; a span beyond either
 * bound is dropped and counted. A trace whose local root has not ended after {@value #STALE_MINUTES} minutes (a span
 * leaked by the application) is forgotten and its spans counted as dropped.
 */
public final class KeepingSpanProcessor implements SpanProcessor {

	/** Attribute of a kept local root span that says why it was kept. */
	public static final String ATTRIBUTE = "observability.kept";

	/** {@value #ATTRIBUTE} of a unit of work that failed. */
	public static final String REASON_ERROR = "error";

	/** {@value #ATTRIBUTE} of a unit of work that was slower than the threshold. */
	public static final String REASON_SLOW = "slow";

	/** Name of the counter of units kept after the fact, tagged with the {@code reason}. */
	public static final String KEPT_METER_NAME = "observability.tracing.units.kept";

	static final AttributeKey<String> KEPT = AttributeKey.stringKey(ATTRIBUTE);

	static final long STALE_MINUTES = 10;

	private static final Log logger = LogFactory.getLog(KeepingSpanProcessor.class);

	private static final int SWEEP_EVERY = 4096;

	private final Supplier<List<SpanProcessor>> downstreamSupplier;

	private volatile @Nullable List<SpanProcessor> downstream;

	private final boolean keepErrors;

	private final long slowerThanNanos;

	private final int maxSpansPerUnit;

	private final int maxSpans;

	private final Metrics metrics;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicInteger held = new AtomicInteger();

	private final AtomicInteger tracesSeen = new AtomicInteger();

	private final RecentlyKept recentlyKept = new RecentlyKept(1024);

	/**
	 * Creates the processor.
	 * @param downstream the processors that export sampled spans (asked for on the first kept unit)
	 * @param keepErrors whether failed units are kept
	 * @param slowerThanNanos least duration of a unit kept for being slow, or {@link Long#MAX_VALUE} for none
	 * @param maxSpansPerUnit most spans held for one trace
	 * @param maxSpans most spans held in all
	 * @param metrics counts kept units and dropped spans
	 */
	public KeepingSpanProcessor(Supplier<List<SpanProcessor>> downstream, boolean keepErrors, long slowerThanNanos,
			int maxSpansPerUnit, int maxSpans, Metrics metrics) {
		this.downstreamSupplier = downstream;
		this.keepErrors = keepErrors;
		this.slowerThanNanos = slowerThanNanos;
		this.maxSpansPerUnit = maxSpansPerUnit;
		this.maxSpans = maxSpans;
		this.metrics = metrics;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext context = span.getSpanContext();
		if (context.isSampled()) {
			return;
		}
		SpanContext parent = span.getParentSpanContext();
		String traceId = context.getTraceId();
		if (!parent.isValid() || parent.isRemote()) {
			localRootEnded(span, traceId);
		}
		else if (this.recentlyKept.contains(traceId)) {
			export(span, null);
		}
		else {
			hold(span, traceId);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Returns how many spans are held now, for all traces together.
	 * @return the number of spans held
	 */
	public int heldSpans() {
		return this.held.get();
	}

	private void hold(ReadableSpan span, String traceId) {
		if (this.held.incrementAndGet() > this.maxSpans) {
			this.held.decrementAndGet();
			this.metrics.dropped(1);
			return;
		}
		Pending trace = this.pending.get(traceId);
		if (trace == null) {
			trace = this.pending.computeIfAbsent(traceId, (id) -> new Pending(System.nanoTime()));
			if (this.tracesSeen.incrementAndGet() % SWEEP_EVERY == 0) {
				sweep();
			}
		}
		int added = trace.add(span, this.maxSpansPerUnit);
		if (added == Pending.ADDED) {
			return;
		}
		this.held.decrementAndGet();
		if (added == Pending.FULL) {
			this.metrics.dropped(1);
		}
		else if (this.recentlyKept.contains(traceId)) {
			// The local root ended between the lookup and the add, and its trace was kept.
			export(span, null);
		}
	}

	private void localRootEnded(ReadableSpan root, String traceId) {
		Pending trace = this.pending.remove(traceId);
		List<ReadableSpan> spans = (trace != null) ? trace.close() : List.of();
		this.held.addAndGet(-spans.size());
		String reason = reason(root);
		if (reason == null) {
			return;
		}
		this.recentlyKept.add(traceId);
		this.metrics.kept(reason);
		for (ReadableSpan span : spans) {
			export(span, null);
		}
		export(root, (root.getAttribute(KEPT) != null) ? null : reason);
	}

	private @Nullable String reason(ReadableSpan root) {
		String marked = root.getAttribute(KEPT);
		if (marked != null) {
			// The attribute is anyone's to set: only the two reasons become a metric tag.
			return REASON_SLOW.equals(marked) ? REASON_SLOW : REASON_ERROR;
		}
		if (this.keepErrors && root.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR) {
			return REASON_ERROR;
		}
		if (root.getLatencyNanos() >= this.slowerThanNanos) {
			return REASON_SLOW;
		}
		return null;
	}

	private void export(ReadableSpan span, @Nullable String reason) {
		KeptSpan kept = new KeptSpan(span, reason);
		for (SpanProcessor processor : downstream()) {
			try {
				processor.onEnd(kept);
			}
			catch (RuntimeException ex) {
				// Export must never break the application's span.end().
				logger.debug("Could not hand a kept span to " + processor, ex);
			}
		}
	}

	private List<SpanProcessor> downstream() {
		List<SpanProcessor> downstream = this.downstream;
		if (downstream == null) {
			downstream = List.copyOf(this.downstreamSupplier.get());
			this.downstream = downstream;
		}
		return downstream;
	}

	private void sweep() {
		long staleBefore = System.nanoTime() - TimeUnit.MINUTES.toNanos(STALE_MINUTES);
		Iterator<Map.Entry<String, Pending>> entries = this.pending.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Pending> entry = entries.next();
			if (entry.getValue().createdNanos - staleBefore < 0 && this.pending.remove(entry.getKey(), entry.getValue())) {
				int spans = entry.getValue().close().size();
				this.held.addAndGet(-spans);
				this.metrics.dropped(spans);
			}
		}
	}

	@Override
	public CompletableResultCode shutdown() {
		this.pending.clear();
		this.held.set(0);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "KeepingSpanProcessor{keepErrors=" + this.keepErrors + ", slowerThanNanos=" + this.slowerThanNanos
				+ ", maxSpansPerUnit=" + this.maxSpansPerUnit + ", maxSpans=" + this.maxSpans + "}";
	}

	/**
	 * Counts what the processor keeps and drops.
	 */
	public interface Metrics {

		/** Counts nothing. */
		Metrics NONE = new Metrics() {

			@Override
			public void kept(String reason) {
			}

			@Override
			public void dropped(int spans) {
			}

		};

		/**
		 * Called when a unit's trace is kept.
		 * @param reason {@value #REASON_ERROR}, {@value #REASON_SLOW} or the reason its root was marked with
		 */
		void kept(String reason);

		/**
		 * Called when spans are dropped by the bounds.
		 * @param spans how many
		 */
		void dropped(int spans);

	}

	/**
	 * The spans held for one trace until its local root ends.
	 */
	private static final class Pending {

		static final int ADDED = 0;

		static final int FULL = 1;

		static final int CLOSED = 2;

		final long createdNanos;

		private @Nullable List<ReadableSpan> spans = new ArrayList<>(8);

		Pending(long createdNanos) {
			this.createdNanos = createdNanos;
		}

		synchronized int add(ReadableSpan span, int max) {
			List<ReadableSpan> spans = this.spans;
			if (spans == null) {
				return CLOSED;
			}
			if (spans.size() >= max) {
				return FULL;
			}
			spans.add(span);
			return ADDED;
		}

		synchronized List<ReadableSpan> close() {
			List<ReadableSpan> spans = this.spans;
			this.spans = null;
			return (spans != null) ? spans : List.of();
		}

	}

	/**
	 * The trace IDs of the latest kept traces, so that spans ending after their local root follow its decision. Lossy
	 * by design: two traces whose IDs share a slot overwrite each other, which costs at most a late span.
	 */
	private static final class RecentlyKept {

		private final AtomicReferenceArray<@Nullable String> slots;

		private final int mask;

		RecentlyKept(int size) {
			this.slots = new AtomicReferenceArray<>(size);
			this.mask = size - 1;
		}

		void add(String traceId) {
			this.slots.set(traceId.hashCode() & this.mask, traceId);
		}

		boolean contains(String traceId) {
			return traceId.equals(this.slots.get(traceId.hashCode() & this.mask));
		}

	}

}
