package dev.secretlife.observability.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses log output strictly: every line must be one JSON object without duplicate keys.
 */
public final class JsonLines {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private JsonLines() {
	}

	/**
	 * Parses every line.
	 * @param lines the lines
	 * @return one object per line
	 * @throws AssertionError naming the first line that is not a JSON object or has a duplicate key
	 */
	public static List<JsonNode> parse(List<String> lines) {
		List<JsonNode> parsed = new ArrayList<>(lines.size());
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			try {
				JsonNode node = STRICT.readTree(line);
				if (node == null || !node.isObject()) {
					throw new AssertionError("Line " + (i + 1) + " is not a JSON object: " + abbreviate(line));
				}
				parsed.add(node);
			}
			catch (RuntimeException ex) {
				throw new AssertionError("Line " + (i + 1) + " is not valid JSON (" + ex.getMessage() + "): "
						+ abbreviate(line), ex);
			}
		}
		return parsed;
	}

	public static List<JsonNode> where(List<JsonNode> lines, Predicate<JsonNode> condition) {
		return lines.stream().filter(condition).toList();
	}

	public static List<JsonNode> fromLogger(List<JsonNode> lines, String logger) {
		return where(lines, (line) -> logger.equals(text(line, "logger")));
	}

	public static String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	private static String abbreviate(String line) {
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

}
