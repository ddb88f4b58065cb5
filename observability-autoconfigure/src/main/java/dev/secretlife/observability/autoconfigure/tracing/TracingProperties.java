package dev.secretlife.observability.autoconfigure.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for tracing.
 */
@ConfigurationProperties("observability.tracing")
public class TracingProperties {

	/**
	 * Whether to add the starter's tracing features (response headers, request ID in baggage, excluded paths, quiet
	 * export failures) and its tracing defaults (sampling, OTLP endpoint, exporter logging) to Spring Boot's tracing.
	 */
	private boolean enabled = true;

	/**
	 * Probability, from 0.0 to 1.0, that a trace started by this service is exported whatever becomes of it (failed
	 * and slow units are kept besides, see observability.tracing.keep.*). Used as Spring Boot's
	 * management.tracing.sampling.probability unless that is set.
	 */
	private double samplingProbability = 0.1;

	/**
	 * Baggage field that carries the request ID to downstream services, and name of the span attribute that holds
	 * it. Empty to keep the request ID out of traces.
	 */
	private String requestIdBaggageField = "requestId";

	/**
	 * Request path patterns that are not observed (no span, no http.server.requests sample), relative to the context
	 * path.
	 */
	private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * Whether tasks run on Spring Boot's auto-configured task executor and scheduler (@Async included) keep the
	 * trace, request ID and MDC of the code that submitted them.
	 */
	private boolean propagateToTasks = true;

	/**
	 * Whether to log, with the request's trace and request ID, one more line (without stack trace) for an exception
	 * that escaped Spring MVC. Off by default: the failure line (observability.errors.enabled) logs the exception
	 * once, with its stack trace and the request's IDs.
	 */
	private boolean logUnhandledExceptions = false;

	/**
	 * Least time between two warnings about failed span exports.
	 */
	private Duration exportFailureLogInterval = Duration.ofMinutes(1);

	/**
	 * Whether a received request joins the trace its caller sent (traceparent, b3). Set to false on edge services
	 * that face untrusted callers: each request then starts a new trace, sampled by this service, with a link to the
	 * caller's span.
	 */
	private boolean trustIncomingTrace = true;

	private final ResponseHeaders responseHeaders = new ResponseHeaders();

	private final Keep keep = new Keep();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getSamplingProbability() {
		return this.samplingProbability;
	}

	public void setSamplingProbability(double samplingProbability) {
		this.samplingProbability = samplingProbability;
	}

	public String getRequestIdBaggageField() {
		return this.requestIdBaggageField;
	}

	public void setRequestIdBaggageField(String requestIdBaggageField) {
		this.requestIdBaggageField = requestIdBaggageField;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		this.excludePaths = excludePaths;
	}

	public boolean isPropagateToTasks() {
		return this.propagateToTasks;
	}

	public void setPropagateToTasks(boolean propagateToTasks) {
		this.propagateToTasks = propagateToTasks;
	}

	public boolean isLogUnhandledExceptions() {
		return this.logUnhandledExceptions;
	}

	public void setLogUnhandledExceptions(boolean logUnhandledExceptions) {
		this.logUnhandledExceptions = logUnhandledExceptions;
	}

	public Duration getExportFailureLogInterval() {
		return this.exportFailureLogInterval;
	}

	public void setExportFailureLogInterval(Duration exportFailureLogInterval) {
		this.exportFailureLogInterval = exportFailureLogInterval;
	}

	public boolean isTrustIncomingTrace() {
		return this.trustIncomingTrace;
	}

	public void setTrustIncomingTrace(boolean trustIncomingTrace) {
		this.trustIncomingTrace = trustIncomingTrace;
	}

	public ResponseHeaders getResponseHeaders() {
		return this.responseHeaders;
	}

	public Keep getKeep() {
		return this.keep;
	}

	/**
	 * Units of work whose detail is kept whatever the head sampling decided: their whole local trace, and with
	 * observability.logging.buffer.level their buffered log lines.
	 */
	public static class Keep {

		/**
		 * Whether a failed unit of work (an exception, a 5xx, a run that threw) that was not sampled at its start
		 * still has its local spans exported, marked observability.kept=error.
		 */
		private boolean errors = true;

		/**
		 * Duration above which a unit of work that was not sampled at its start still has its local spans exported,
		 * marked observability.kept=slow, and its buffered log lines written. Empty for none.
		 */
		private @Nullable Duration slowerThan = Duration.ofSeconds(2);

		/**
		 * Most spans held in memory for one unfinished unit of work; later spans of the unit are dropped and counted.
		 */
		private int maxSpansPerUnit = 1000;

		/**
		 * Most spans held in memory for all unfinished units together; spans beyond it are dropped and counted.
		 */
		private int maxSpans = 10000;

		public boolean isErrors() {
			return this.errors;
		}

		public void setErrors(boolean errors) {
			this.errors = errors;
		}

		public @Nullable Duration getSlowerThan() {
			return this.slowerThan;
		}

		public void setSlowerThan(@Nullable Duration slowerThan) {
			this.slowerThan = slowerThan;
		}

		public int getMaxSpansPerUnit() {
			return this.maxSpansPerUnit;
		}

		public void setMaxSpansPerUnit(int maxSpansPerUnit) {
			this.maxSpansPerUnit = maxSpansPerUnit;
		}

		public int getMaxSpans() {
			return this.maxSpans;
		}

		public void setMaxSpans(int maxSpans) {
			this.maxSpans = maxSpans;
		}

	}

	/**
	 * Trace headers on HTTP responses.
	 */
	public static class ResponseHeaders {

		/**
		 * Whether to set the W3C traceresponse header (00-trace ID-span ID-flags) on every traced response.
		 */
		private boolean traceResponse = true;

		/**
		 * Header that gets the bare trace ID on every traced response. Empty for none.
		 */
		private String traceId = "X-Trace-Id";

		public boolean isTraceResponse() {
			return this.traceResponse;
		}

		public void setTraceResponse(boolean traceResponse) {
			this.traceResponse = traceResponse;
		}

		public String getTraceId() {
			return this.traceId;
		}

		public void setTraceId(String traceId) {
			this.traceId = traceId;
		}

	}

}
