package dev.secretlife.observability.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * An ended, unsampled span that {@link KeepingSpanProcessor} keeps: seen as sampled by the exporting processors, and,
 * on the local root, with the reason it was kept as the {@value KeepingSpanProcessor#ATTRIBUTE} attribute.
 */
final class KeptSpan implements ReadableSpan {

	private final ReadableSpan span;

	private final @Nullable String reason;

	private final SpanContext context;

	/**
	 * Creates the kept view of a span.
	 * @param span the recorded span
	 * @param reason the reason to add as attribute, or {@code null} to add none
	 */
	KeptSpan(ReadableSpan span, @Nullable String reason) {
		this.span = span;
		this.reason = reason;
		SpanContext recorded = span.getSpanContext();
		this.context = SpanContext.create(recorded.getTraceId(), recorded.getSpanId(), TraceFlags.getSampled(),
				recorded.getTraceState());
	}

	@Override
	public SpanContext getSpanContext() {
		return this.context;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.span.getParentSpanContext();
	}

	@Override
	public String getName() {
		return this.span.getName();
	}

	@Override
	public SpanData toSpanData() {
		return new KeptSpanData(this.span.toSpanData(), this.context, this.reason);
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return this.span.getInstrumentationLibraryInfo();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return this.span.getInstrumentationScopeInfo();
	}

	@Override
	public boolean hasEnded() {
		return this.span.hasEnded();
	}

	@Override
	public long getLatencyNanos() {
		return this.span.getLatencyNanos();
	}

	@Override
	public SpanKind getKind() {
		return this.span.getKind();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(AttributeKey<T> key) {
		if (this.reason != null && KeepingSpanProcessor.KEPT.equals(key)) {
			return (T) this.reason;
		}
		return this.span.getAttribute(key);
	}

	@Override
	public Attributes getAttributes() {
		return withReason(this.span.getAttributes(), this.reason);
	}

	private static Attributes withReason(Attributes attributes, @Nullable String reason) {
		return (reason != null) ? attributes.toBuilder().put(KeepingSpanProcessor.KEPT, reason).build() : attributes;
	}

	private static final class KeptSpanData extends DelegatingSpanData {

		private final SpanContext context;

		private final @Nullable String reason;

		KeptSpanData(SpanData delegate, SpanContext context, @Nullable String reason) {
			super(delegate);
			this.context = context;
			this.reason = reason;
		}

		@Override
		public SpanContext getSpanContext() {
			return this.context;
		}

		@Override
		public Attributes getAttributes() {
			return withReason(super.getAttributes(), this.reason);
		}

		@Override
		public int getTotalAttributeCount() {
			return super.getTotalAttributeCount() + ((this.reason != null) ? 1 : 0);
		}

	}

}
