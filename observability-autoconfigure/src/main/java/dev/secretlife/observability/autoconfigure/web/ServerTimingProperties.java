package dev.secretlife.observability.autoconfigure.web;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code Server-Timing} response header.
 */
@ConfigurationProperties("observability.server-timing")
public class ServerTimingProperties {

	/**
	 * Whether to add a Server-Timing header (total time, database time and statement count of the request, shown by
	 * the browser's developer tools) to every response but the actuator's. Unset: on when one of
	 * observability.logging.dev-profiles is active, off otherwise.
	 */
	private @Nullable Boolean enabled;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

}
