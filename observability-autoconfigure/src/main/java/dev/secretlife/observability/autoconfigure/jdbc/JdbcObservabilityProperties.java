package dev.secretlife.observability.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.jdbc.NPlusOneMode;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the JDBC instrumentation.
 */
@ConfigurationProperties("observability.jdbc")
public class JdbcObservabilityProperties {

	/**
	 * Whether to wrap every DataSource to measure its statements.
	 */
	private boolean enabled = true;

	/**
	 * Bean names of DataSources to leave unwrapped.
	 */
	private List<String> excludedDataSourceBeanNames = new ArrayList<>();

	/**
	 * Whether slow-query warnings show statements as written, with their literals, and their bound parameter
	 * values. Off by default: values may be personal data or secrets.
	 */
	private boolean logParameters = false;

	/**
	 * Maximum length of a statement in a log line or span; longer ones are cut and end with "...".
	 */
	private int maxStatementLength = 1000;

	/**
	 * Whether the span of a failed statement records the driver's exception message and stack trace. Off by
	 * default: databases quote the offending values in their messages (duplicate keys, constraint violations), so
	 * spans record the exception class, SQLState and vendor code only.
	 */
	private boolean recordErrorMessages = false;

	private final SlowQuery slowQuery = new SlowQuery();

	private final NPlusOne nPlusOne = new NPlusOne();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludedDataSourceBeanNames() {
		return this.excludedDataSourceBeanNames;
	}

	public void setExcludedDataSourceBeanNames(List<String> excludedDataSourceBeanNames) {
		this.excludedDataSourceBeanNames = excludedDataSourceBeanNames;
	}

	public boolean isLogParameters() {
		return this.logParameters;
	}

	public void setLogParameters(boolean logParameters) {
		this.logParameters = logParameters;
	}

	public int getMaxStatementLength() {
		return this.maxStatementLength;
	}

	public void setMaxStatementLength(int maxStatementLength) {
		this.maxStatementLength = maxStatementLength;
	}

	public boolean isRecordErrorMessages() {
		return this.recordErrorMessages;
	}

	public void setRecordErrorMessages(boolean recordErrorMessages) {
		this.recordErrorMessages = recordErrorMessages;
	}

	public SlowQuery getSlowQuery() {
		return this.slowQuery;
	}

	public NPlusOne getNPlusOne() {
		return this.nPlusOne;
	}

	/**
	 * Slow-query warnings.
	 */
	public static class SlowQuery {

		/**
		 * Whether to log and count statements slower than the threshold.
		 */
		private boolean enabled = true;

		/**
		 * Statements that take at least this long are logged as a warning and counted in jdbc.slow.queries.
		 */
		private Duration threshold = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * N+1 detection: one statement shape repeated within one HTTP request.
	 */
	public static class NPlusOne {

		/**
		 * Whether to check each HTTP request for repeated statements.
		 */
		private boolean enabled = true;

		/**
		 * Number of executions of the same statement shape within one request that is reported (at least 2).
		 */
		private int threshold = 5;

		/**
		 * What to do with a repeated statement: 'warn' logs one warning per request and statement, 'fail' throws
		 * NPlusOneQueryException when the request ends (meant for tests).
		 */
		private NPlusOneMode mode = NPlusOneMode.WARN;

		/**
		 * Statements never reported: a statement is allowed when its shape contains one of these, ignoring case,
		 * literals and spacing. Copy them from the warning.
		 */
		private List<String> allowedStatements = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

		public NPlusOneMode getMode() {
			return this.mode;
		}

		public void setMode(NPlusOneMode mode) {
			this.mode = mode;
		}

		public List<String> getAllowedStatements() {
			return this.allowedStatements;
		}

		public void setAllowedStatements(List<String> allowedStatements) {
			this.allowedStatements = allowedStatements;
		}

	}

}
