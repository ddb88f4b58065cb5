package dev.secretlife.observability.logging;

import java.util.List;

import net.logstash.logback.decorate.JsonGeneratorDecorator;
import net.logstash.logback.mask.FieldMasker;
import net.logstash.logback.mask.MaskingJsonGenerator;
import net.logstash.logback.mask.ValueMasker;
import tools.jackson.core.JsonGenerator;

/**
 * Decorates the encoder's generator so that secrets are masked and top-level field names stay unique. Masking is the
 * outer layer: it sees the names as the application gave them ({@code password}, not {@code password_2}).
 */
public final class SafeJsonGeneratorDecorator implements JsonGeneratorDecorator {

	private final List<FieldMasker> fieldMaskers;

	private final List<ValueMasker> valueMaskers;

	public SafeJsonGeneratorDecorator(List<FieldMasker> fieldMaskers, List<ValueMasker> valueMaskers) {
		this.fieldMaskers = List.copyOf(fieldMaskers);
		this.valueMaskers = List.copyOf(valueMaskers);
	}

	@Override
	public JsonGenerator decorate(JsonGenerator generator) {
		JsonGenerator unique = new UniqueFieldNamesJsonGenerator(generator);
		if (this.fieldMaskers.isEmpty() && this.valueMaskers.isEmpty()) {
			return unique;
		}
		return new MaskingJsonGenerator(unique, this.fieldMaskers, this.valueMaskers);
	}

}
