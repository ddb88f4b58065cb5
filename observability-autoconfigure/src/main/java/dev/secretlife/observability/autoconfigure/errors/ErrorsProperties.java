package dev.secretlife.observability.autoconfigure.errors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the failure reporting.
 */
@ConfigurationProperties("observability.errors")
public class ErrorsProperties {

	/**
	 * Whether to report every unhandled failure of a request, a @Scheduled run or an @Async method: one ERROR line
	 * (logger observability.error) with its stack trace and the unit's IDs, in place of the servlet container's and
	 * Spring's lines without them.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of distinct failures (fingerprints) kept in the failure table; when it is full, a new one
	 * replaces the one seen least recently.
	 */
	private int maxFingerprints = 500;

	/**
	 * Maximum length of the exception message kept per failure in the table (masked as log messages are); longer
	 * messages are cut.
	 */
	private int maxMessageLength = 256;

	/**
	 * Maximum number of exception classes, per kind of unit, with a value of their own in the exception tag of the
	 * observability.errors counter; the others are counted as OTHER.
	 */
	private int maxExceptionTags = 50;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxFingerprints() {
		return this.maxFingerprints;
	}

	public void setMaxFingerprints(int maxFingerprints) {
		this.maxFingerprints = maxFingerprints;
	}

	public int getMaxMessageLength() {
		return this.maxMessageLength;
	}

	public void setMaxMessageLength(int maxMessageLength) {
		this.maxMessageLength = maxMessageLength;
	}

	public int getMaxExceptionTags() {
		return this.maxExceptionTags;
	}

	public void setMaxExceptionTags(int maxExceptionTags) {
		this.maxExceptionTags = maxExceptionTags;
	}

}
