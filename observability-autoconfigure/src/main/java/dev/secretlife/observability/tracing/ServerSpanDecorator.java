package dev.secretlife.observability.tracing;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the starter adds to every server span, whatever the web stack: the trace headers on the response, the request
 * ID as a span attribute, and the request ID in the trace's baggage while the span is current, so that outgoing calls
 * carry it to the next service.
 * <p>
 * Thread-safe; one instance serves every request.
 */
public final class ServerSpanDecorator {

	private static final Log logger = LogFactory.getLog(ServerSpanDecorator.class);

	private final Tracer tracer;

	private final boolean traceResponse;

	private final @Nullable String traceIdHeader;

	private final @Nullable String requestIdField;

	private final boolean logUnhandledErrors;

	// Scopes are opened and closed on the same thread, possibly nested (a reactive request may re-enter its own scope).
	// The (JDK-typed, then empty) deque stays with the thread, so that a request allocates none.
	private final ThreadLocal<ArrayDeque<BaggageInScope>> openBaggage = ThreadLocal
		.withInitial(() -> new ArrayDeque<>(2));

	/**
	 * Creates the decorator.
	 * @param tracer the tracer
	 * @param traceResponse whether to set the W3C {@code traceresponse} header
	 * @param traceIdHeader the header that gets the bare trace ID, or {@code null} for none
	 * @param requestIdField the baggage field and span attribute of the request ID, or {@code null} for none
	 * @param logUnhandledErrors whether to log a request's unhandled error with its trace (see
	 * {@link #onUnhandledError})
	 */
	public ServerSpanDecorator(Tracer tracer, boolean traceResponse, @Nullable String traceIdHeader,
			@Nullable String requestIdField, boolean logUnhandledErrors) {
		this.tracer = tracer;
		this.traceResponse = traceResponse;
		this.traceIdHeader = traceIdHeader;
		this.requestIdField = requestIdField;
		this.logUnhandledErrors = logUnhandledErrors;
	}

	/**
	 * Called when an error escaped the application: logs one line that joins it to the trace and request ID. The
	 * servlet container logs the stack trace itself, but after the request's filters have finished, so without them.
	 * @param span the server span, {@code null} when tracing did not create one
	 * @param request the request, as method and path
	 * @param error the error
	 */
	public void onUnhandledError(@Nullable Span span, String request, Throwable error) {
		if (!this.logUnhandledErrors || span == null || !logger.isErrorEnabled()) {
			return;
		}
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			logger.error("Unhandled " + error + " while handling " + request
					+ " (the servlet container logs its stack trace)");
		}
	}

	/**
	 * Returns the span that the tracing handler created for an observation.
	 * @param context the observation's context
	 * @return the span, or {@code null} when there is none (tracing off, or the observation not traced)
	 */
	public static @Nullable Span spanOf(Observation.Context context) {
		TracingContext tracing = context.get(TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

	/**
	 * Called when the server span has started, before the application writes anything.
	 * @param span the server span, {@code null} when tracing did not create one
	 * @param responseHeaders sets a response header
	 */
	public void onStart(@Nullable Span span, BiConsumer<String, String> responseHeaders) {
		if (span == null) {
			return;
		}
		TraceContext context = span.context();
		if (this.traceResponse) {
			responseHeaders.accept(TraceResponse.HEADER, TraceResponse.format(context));
		}
		if (this.traceIdHeader != null) {
			responseHeaders.accept(this.traceIdHeader, context.traceId());
		}
	}

	/**
	 * Called when the request is done, before the server span ends: sets the request ID as a span attribute. (On the
	 * reactive stack the span starts before the request ID is known, so this waits until the end.)
	 * @param span the server span, {@code null} when tracing did not create one
	 * @param requestId the request's ID, {@code null} when there is none
	 */
	public void onStop(@Nullable Span span, @Nullable String requestId) {
		if (span != null && this.requestIdField != null && requestId != null) {
			span.tag(this.requestIdField, requestId);
		}
	}

	/**
	 * Called when the server span has become current on this thread: puts the request ID in the baggage.
	 * @param requestId the request's ID, {@code null} when there is none
	 */
	public void onScopeOpened(@Nullable String requestId) {
		if (this.requestIdField == null) {
			return;
		}
		ArrayDeque<BaggageInScope> scopes = this.openBaggage.get();
		// Always push, NOOP included, so that every close pops the entry of its own open.
		boolean put = requestId != null && this.tracer.currentSpan() != null;
		scopes.push(put ? this.tracer.createBaggageInScope(this.requestIdField, requestId) : BaggageInScope.NOOP);
	}

	/**
	 * Called before the server span stops being current on this thread: closes what {@link #onScopeOpened} opened.
	 */
	public void onScopeClosed() {
		if (this.requestIdField == null) {
			return;
		}
		BaggageInScope scope = this.openBaggage.get().poll();
		if (scope != null) {
			scope.close();
		}
	}

}
