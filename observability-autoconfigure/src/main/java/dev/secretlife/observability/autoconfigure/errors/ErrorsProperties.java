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

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
