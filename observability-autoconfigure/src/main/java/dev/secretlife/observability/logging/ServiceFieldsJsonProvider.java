package dev.secretlife.observability.logging;

import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the service fields ({@code service}, {@code version}, {@code environment}) as top-level string fields. The
 * output is that of logstash-logback-encoder's custom fields, without writing a {@code JsonNode} tree through
 * Jackson's serializers on every event; a user's own {@code customFields} are kept beside them.
 */
final class ServiceFieldsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

	private final String[] names;

	private final String[] values;

	ServiceFieldsJsonProvider(Map<String, String> fields) {
		this.names = fields.keySet().toArray(String[]::new);
		this.values = fields.values().toArray(String[]::new);
	}

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		for (int i = 0; i < this.names.length; i++) {
			generator.writeStringProperty(this.names[i], this.values[i]);
		}
	}

}
