package dev.secretlife.observability.autoconfigure.unit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the summary line of scheduled runs.
 */
@ConfigurationProperties("observability.task-log")
public class TaskLogProperties {

	/**
	 * Whether to write one summary line (logger observability.task) at the end of every run of a @Scheduled method.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
