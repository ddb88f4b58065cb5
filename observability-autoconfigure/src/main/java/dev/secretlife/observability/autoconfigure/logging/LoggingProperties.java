package dev.secretlife.observability.autoconfigure.logging;

import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.logging.JsonLogEncoder;
import dev.secretlife.observability.logging.LogFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for log output.
 */
@ConfigurationProperties(LoggingProperties.PREFIX)
public class LoggingProperties {

	/** The profiles that mean "a developer is running this" unless {@code dev-profiles} says otherwise. */
	public static final List<String> DEFAULT_DEV_PROFILES = List.of("dev", "local");

	/** Prefix of the properties. */
	public static final String PREFIX = "observability.logging";

	/**
	 * Whether the starter chooses the log output (json or pretty). When false, Spring Boot's logging defaults are
	 * left untouched.
	 */
	private boolean enabled = true;

	/**
	 * Console log format: json, pretty or auto. Auto picks pretty when a development profile is active or the
	 * console is an interactive terminal, and json otherwise. Ignored when the application has its own logback
	 * configuration.
	 */
	private LogFormat format = LogFormat.AUTO;

	/**
	 * Profiles that make the auto format pick pretty output.
	 */
	private List<String> devProfiles = new ArrayList<>(DEFAULT_DEV_PROFILES);

	private final Mask mask = new Mask();

	private final StackTrace stackTrace = new StackTrace();

	private final Async async = new Async();

	private final Buffer buffer = new Buffer();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public LogFormat getFormat() {
		return this.format;
	}

	public void setFormat(LogFormat format) {
		this.format = format;
	}

	public List<String> getDevProfiles() {
		return this.devProfiles;
	}

	public void setDevProfiles(List<String> devProfiles) {
		this.devProfiles = devProfiles;
	}

	public Mask getMask() {
		return this.mask;
	}

	public StackTrace getStackTrace() {
		return this.stackTrace;
	}

	public Async getAsync() {
		return this.async;
	}

	public Buffer getBuffer() {
		return this.buffer;
	}

	/**
	 * Masking of secrets in log lines (JSON and pretty, console and file) and in logged request paths.
	 */
	public static class Mask {

		/**
		 * Keys whose values are replaced by ****, in JSON and pretty output: in field names (MDC, key-values,
		 * structured arguments, at any depth; a name matches when it ends with a key, ignoring case and the
		 * separators - _ .), in key=value, key: value and <key>value</key> text inside messages and exception
		 * messages, and in request paths (the segment after a segment ending with a key). Replaces the defaults.
		 */
		private List<String> keys = new ArrayList<>(JsonLogEncoder.DEFAULT_MASKED_KEYS);

		/**
		 * Whether to mask the token of "Bearer <token>" and "DPoP <token>" wherever it appears.
		 */
		private boolean bearerTokens = true;

		/**
		 * Further regular expressions whose matches are replaced by **** in every string value.
		 */
		private List<String> valuePatterns = new ArrayList<>();

		public List<String> getKeys() {
			return this.keys;
		}

		public void setKeys(List<String> keys) {
			this.keys = keys;
		}

		public boolean isBearerTokens() {
			return this.bearerTokens;
		}

		public void setBearerTokens(boolean bearerTokens) {
			this.bearerTokens = bearerTokens;
		}

		public List<String> getValuePatterns() {
			return this.valuePatterns;
		}

		public void setValuePatterns(List<String> valuePatterns) {
			this.valuePatterns = valuePatterns;
		}

	}

	/**
	 * Stack traces in JSON log lines. Deprecated: Spring Boot's {@code logging.structured.json.stacktrace.*} keys set
	 * the same and win; these are still read where Boot's are not set.
	 */
	public static class StackTrace {

		/**
		 * Whether to write the root cause first.
		 */
		private boolean rootCauseFirst = true;

		/**
		 * Maximum number of frames written for each exception in the cause chain.
		 */
		private int maxDepthPerThrowable = 30;

		/**
		 * Maximum length, in characters, of the whole stack_trace field.
		 */
		private int maxLength = 16384;

		@DeprecatedConfigurationProperty(replacement = "logging.structured.json.stacktrace.root",
				reason = "Spring Boot's key (first or last) sets the same for every JSON format", since = "0.1.0")
		public boolean isRootCauseFirst() {
			return this.rootCauseFirst;
		}

		public void setRootCauseFirst(boolean rootCauseFirst) {
			this.rootCauseFirst = rootCauseFirst;
		}

		@DeprecatedConfigurationProperty(replacement = "logging.structured.json.stacktrace.max-throwable-depth",
				reason = "Spring Boot's key sets the same for every JSON format", since = "0.1.0")
		public int getMaxDepthPerThrowable() {
			return this.maxDepthPerThrowable;
		}

		public void setMaxDepthPerThrowable(int maxDepthPerThrowable) {
			this.maxDepthPerThrowable = maxDepthPerThrowable;
		}

		@DeprecatedConfigurationProperty(replacement = "logging.structured.json.stacktrace.max-length",
				reason = "Spring Boot's key sets the same for every JSON format", since = "0.1.0")
		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

	}

	/**
	 * Asynchronous appender.
	 */
	public static class Async {

		/**
		 * Whether to write log lines from a background thread. The caller never blocks: when the queue is full the
		 * event is dropped and counted in the observability.logging.events.dropped metric.
		 */
		private boolean enabled = false;

		/**
		 * Number of events the queue holds; must be a power of two.
		 */
		private int queueSize = 8192;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

	}

	/**
	 * Lines held back during a unit of work and written only when it fails or is slow.
	 */
	public static class Buffer {

		/**
		 * Lowest level of the lines that are held in memory during a unit of work (request, scheduled run, consumed
		 * message) when the logger configuration would not write them, and written, with their original time and
		 * IDs, only when the unit fails, logs an error line or is slower than observability.tracing.keep.slower-than;
		 * otherwise dropped. Unset to hold none.
		 */
		private @Nullable LogLevel level;

		/**
		 * Most lines held for one unit of work; later lines of the unit are dropped and counted.
		 */
		private int maxLinesPerUnit = 1000;

		/**
		 * Most memory, estimated, held for one unit of work; later lines of the unit are dropped and counted.
		 */
		private DataSize maxBytesPerUnit = DataSize.ofMegabytes(1);

		/**
		 * Most memory, estimated, held for all running units of work together; lines beyond it are dropped and
		 * counted.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(32);

		public @Nullable LogLevel getLevel() {
			return this.level;
		}

		public void setLevel(@Nullable LogLevel level) {
			this.level = level;
		}

		public int getMaxLinesPerUnit() {
			return this.maxLinesPerUnit;
		}

		public void setMaxLinesPerUnit(int maxLinesPerUnit) {
			this.maxLinesPerUnit = maxLinesPerUnit;
		}

		public DataSize getMaxBytesPerUnit() {
			return this.maxBytesPerUnit;
		}

		public void setMaxBytesPerUnit(DataSize maxBytesPerUnit) {
			this.maxBytesPerUnit = maxBytesPerUnit;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

}
