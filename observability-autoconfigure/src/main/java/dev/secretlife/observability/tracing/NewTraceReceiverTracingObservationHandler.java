package dev.secretlife.observability.tracing;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * The receiving handler of an edge service that does not trust its callers' trace context: every request it receives
 * starts a new trace, sampled by this service's own sampler, and links to the caller's span (W3C {@code traceparent},
 * B3 single {@code b3} or multi {@code X-B3-TraceId}/{@code X-B3-SpanId}) instead of joining its trace. A caller
 * can then neither choose the trace ID, nor force sampling, nor attach this service's spans to a trace of its own;
 * the link keeps the way back to the caller's trace for whoever can see both.
 */
public class NewTraceReceiverTracingObservationHandler
		extends PropagatingReceiverTracingObservationHandler<ReceiverContext<Object>> {

	private final Tracer tracer;

	/**
	 * Creates the handler.
	 * @param tracer the tracer
	 * @param propagator the propagator (the caller's baggage is still read through it)
	 */
	public NewTraceReceiverTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
		this.tracer = tracer;
	}

	@Override
	public Span.Builder customizeExtractedSpan(ReceiverContext<Object> context, Span.Builder builder) {
		TraceContext caller = callerOf(context);
		builder.setNoParent();
		if (caller != null) {
			builder.addLink(new Link(caller));
		}
		return builder;
	}

	private @Nullable TraceContext callerOf(ReceiverContext<Object> context) {
		Object carrier = context.getCarrier();
		if (carrier == null) {
			return null;
		}
		String traceparent = context.getGetter().get(carrier, "traceparent");
		if (traceparent != null) {
			// version-traceid-parentid-flags, e.g. 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
			String[] parts = traceparent.trim().split("-", -1);
			if (parts.length >= 4 && isId(parts[1], 32) && isId(parts[2], 16) && isHex(parts[3], 2)) {
				return traceContext(parts[1], parts[2], (Integer.parseInt(parts[3], 16) & 1) == 1);
			}
		}
		String b3 = context.getGetter().get(carrier, "b3");
		if (b3 != null) {
			// traceid-spanid[-sampled[-parentspanid]]
			String[] parts = b3.trim().split("-", -1);
			if (parts.length >= 2 && (isId(parts[0], 32) || isId(parts[0], 16)) && isId(parts[1], 16)) {
				return traceContext(parts[0], parts[1], parts.length > 2 && isSampled(parts[2]));
			}
		}
		String traceId = context.getGetter().get(carrier, "X-B3-TraceId");
		String spanId = context.getGetter().get(carrier, "X-B3-SpanId");
		if (traceId != null && spanId != null && (isId(traceId, 32) || isId(traceId, 16)) && isId(spanId, 16)) {
			return traceContext(traceId, spanId, isSampled(context.getGetter().get(carrier, "X-B3-Sampled")));
		}
		return null;
	}

	private TraceContext traceContext(String traceId, String spanId, boolean sampled) {
		String fullTraceId = (traceId.length() == 16) ? "0000000000000000" + traceId : traceId;
		return this.tracer.traceContextBuilder().traceId(fullTraceId).spanId(spanId).sampled(sampled).build();
	}

	private static boolean isSampled(@Nullable String value) {
		return "1".equals(value) || "d".equals(value) || "true".equals(value);
	}

	/** A lower-case hex ID of the given length that is not all zeros. */
	private static boolean isId(String value, int length) {
		if (!isHex(value, length)) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (value.charAt(i) != '0') {
				return true;
			}
		}
		return false;
	}

	private static boolean isHex(String value, int length) {
		if (value.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

}
