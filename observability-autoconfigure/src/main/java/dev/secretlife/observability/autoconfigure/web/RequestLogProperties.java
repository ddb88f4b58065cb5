package dev.secretlife.observability.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.event.Level;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the per-request summary log line.
 */
@ConfigurationProperties("observability.request-log")
public class RequestLogProperties {

	/**
	 * Whether to write one summary line (logger observability.request) at the end of every HTTP request.
	 */
	private boolean enabled = true;

	/**
	 * Path patterns, as in @RequestMapping, of requests that get no summary line.
	 */
	private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * Share of successful requests (status below 400, no exception) that get a summary line, from 0 to 1. Errors
	 * are always logged.
	 */
	private double sampleRate = 1.0;

	/**
	 * Maximum length of the path field (path parameters stripped, secrets masked); longer paths are cut and end
	 * with "...".
	 */
	private int maxPathLength = 256;

	private final Levels level = new Levels();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		this.excludePaths = excludePaths;
	}

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	public int getMaxPathLength() {
		return this.maxPathLength;
	}

	public void setMaxPathLength(int maxPathLength) {
		this.maxPathLength = maxPathLength;
	}

	public Levels getLevel() {
		return this.level;
	}

	/**
	 * Level of the summary line by status.
	 */
	public static class Levels {

		/**
		 * Level of the line for 1xx, 2xx and 3xx responses.
		 */
		private Level success = Level.INFO;

		/**
		 * Level of the line for 4xx responses.
		 */
		private Level clientError = Level.WARN;

		/**
		 * Level of the line for 5xx responses and exceptions.
		 */
		private Level serverError = Level.ERROR;

		public Level getSuccess() {
			return this.success;
		}

		public void setSuccess(Level success) {
			this.success = success;
		}

		public Level getClientError() {
			return this.clientError;
		}

		public void setClientError(Level clientError) {
			this.clientError = clientError;
		}

		public Level getServerError() {
			return this.serverError;
		}

		public void setServerError(Level serverError) {
			this.serverError = serverError;
		}

	}

}
