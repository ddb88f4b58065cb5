package dev.secretlife.observability.autoconfigure.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for messaging (Spring Kafka).
 */
@ConfigurationProperties("observability.messaging")
public class MessagingProperties {

	/**
	 * Whether to carry the request ID and trace across Kafka and make each consumed record a unit of work. When
	 * false, Spring Kafka's observations are also left at Spring Boot's default (off).
	 */
	private boolean enabled = true;

	private final Log log = new Log();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Log getLog() {
		return this.log;
	}

	/**
	 * The summary line of consumed messages.
	 */
	public static class Log {

		/**
		 * Whether to write one summary line (logger observability.message) per consumed record.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
