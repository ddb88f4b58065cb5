package dev.secretlife.observability.tracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * A {@link Sampler} that records what its delegate drops: a span that the head sampling decision leaves out is still
 * recorded in this process ({@link SamplingDecision#RECORD_ONLY}), not sampled, so that the
 * {@link KeepingSpanProcessor} can export its unit of work after all if it fails or is slow. Whatever the delegate
 * samples stays sampled, and the sampled flag that travels to other services is the delegate's: a downstream service
 * sees the caller's head decision, which is never changed after the fact.
 */
public final class KeepingSampler implements Sampler {

	private final Sampler delegate;

	/**
	 * Creates the sampler.
	 * @param delegate the head sampling decision (Spring Boot's parent-based ratio sampler)
	 */
	public KeepingSampler(Sampler delegate) {
		this.delegate = delegate;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (result.getDecision() != SamplingDecision.DROP) {
			return result;
		}
		if (result == SamplingResult.drop()) {
			return SamplingResult.recordOnly();
		}
		return new RecordOnly(result);
	}

	@Override
	public String getDescription() {
		return "KeepingSampler{" + this.delegate.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/**
	 * The delegate's drop result, with its attributes and trace state, recorded instead.
	 */
	private record RecordOnly(SamplingResult dropped) implements SamplingResult {

		@Override
		public SamplingDecision getDecision() {
			return SamplingDecision.RECORD_ONLY;
		}

		@Override
		public Attributes getAttributes() {
			return this.dropped.getAttributes();
		}

		@Override
		public TraceState getUpdatedTraceState(TraceState parentTraceState) {
			return this.dropped.getUpdatedTraceState(parentTraceState);
		}

	}

}
