package dev.secretlife.observability.tracing;

import io.micrometer.tracing.TraceContext;

/**
 * Formats the W3C Trace Context {@code traceresponse} header: {@code 00-<trace-id>-<span-id>-<flags>}, a version of
 * {@code 00}, the 32-hex-digit trace ID, the 16-hex-digit ID of the server span, and the flags ({@code 01} when the
 * trace is sampled, else {@code 00}).
 *
 * @see <a href="https://www.w3.org/TR/trace-context-2/#traceresponse-header">W3C Trace Context Level 2</a>
 */
public final class TraceResponse {

	/** Name of the W3C response header. */
	public static final String HEADER = "traceresponse";

	private TraceResponse() {
	}

	/**
	 * Formats the header value for a span.
	 * @param context the span's context
	 * @return the header value
	 */
	public static String format(TraceContext context) {
		String traceId = context.traceId();
		String spanId = context.spanId();
		StringBuilder value = new StringBuilder(55);
		value.append("00-");
		// A 64-bit trace ID (from a B3 caller) is left-padded, as the W3C format requires 32 hex digits.
		for (int i = traceId.length(); i < 32; i++) {
			value.append('0');
		}
		value.append(traceId).append('-').append(spanId).append('-');
		value.append(Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
		return value.toString();
	}

}
