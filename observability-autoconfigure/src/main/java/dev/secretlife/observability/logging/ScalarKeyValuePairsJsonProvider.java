package dev.secretlife.observability.logging;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the SLF4J key-values of an event ({@code logger.atInfo().addKeyValue("status", 200)}) as top-level fields,
 * as logstash-logback-encoder's own provider does, but writes strings, whole numbers, decimals and booleans straight
 * to the generator instead of through Jackson's serializer lookup: the request summary line has eight of them on every
 * request. Other values (maps, objects, {@code BigDecimal}) go through {@code writePOJO} as before. The output is the
 * same; the masking and unique-name decorators see the same calls.
 */
public final class ScalarKeyValuePairsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs == null) {
			return;
		}
		for (int i = 0; i < pairs.size(); i++) {
			KeyValuePair pair = pairs.get(i);
			if (pair.key != null && pair.value != null) {
				generator.writeName(pair.key);
				writeValue(generator, pair.value);
			}
		}
	}

	private static void writeValue(JsonGenerator generator, Object value) {
		if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			generator.writeNumber(((Number) value).longValue());
		}
		else if (value instanceof Double number) {
			generator.writeNumber(number.doubleValue());
		}
		else if (value instanceof Float number) {
			generator.writeNumber(number.floatValue());
		}
		else if (value instanceof Boolean flag) {
			generator.writeBoolean(flag);
		}
		else {
			generator.writePOJO(value);
		}
	}

}
