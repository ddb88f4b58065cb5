package dev.secretlife.observability.logging;

import java.util.HashSet;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Keeps the top-level field names of each log line unique. The standard fields are written first; an MDC entry, a
 * key-value or a structured argument whose name was already written on the line (for example an MDC key
 * {@code message}) is written as {@code name_2} (then {@code _3}, ...) instead of producing a duplicate key, which
 * many JSON parsers reject or silently resolve. Nothing is dropped.
 */
public final class UniqueFieldNamesJsonGenerator extends JsonGeneratorDelegate {

	private final Set<String> topLevelNames = new HashSet<>(32);

	public UniqueFieldNamesJsonGenerator(JsonGenerator delegate) {
		super(delegate, false);
	}

	@Override
	public JsonGenerator writeStartObject() throws JacksonException {
		startObject();
		return super.writeStartObject();
	}

	@Override
	public JsonGenerator writeStartObject(Object forValue) throws JacksonException {
		startObject();
		return super.writeStartObject(forValue);
	}

	@Override
	public JsonGenerator writeStartObject(Object forValue, int size) throws JacksonException {
		startObject();
		return super.writeStartObject(forValue, size);
	}

	private void startObject() {
		if (streamWriteContext().inRoot()) {
			this.topLevelNames.clear();
		}
	}

	@Override
	public JsonGenerator writeName(String name) throws JacksonException {
		return super.writeName(unique(name));
	}

	@Override
	public JsonGenerator writeName(SerializableString name) throws JacksonException {
		String value = name.getValue();
		String unique = unique(value);
		return (unique.equals(value)) ? super.writeName(name) : super.writeName(unique);
	}

	private String unique(String name) {
		if (!isTopLevel() || this.topLevelNames.add(name)) {
			return name;
		}
		for (int suffix = 2;; suffix++) {
			String candidate = name + "_" + suffix;
			if (this.topLevelNames.add(candidate)) {
				return candidate;
			}
		}
	}

	private boolean isTopLevel() {
		TokenStreamContext context = streamWriteContext();
		TokenStreamContext parent = context.getParent();
		return context.inObject() && parent != null && parent.inRoot();
	}

}
