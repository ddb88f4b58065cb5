package dev.secretlife.observability.tracing;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON log lines (Spring Boot's structured logstash format) of captured console output.
 */
final class JsonLogLines {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonLogLines() {
	}

	static List<Map<String, Object>> parse(String output) {
		return output.lines()
			.filter((line) -> line.startsWith("{"))
			.map((line) -> MAPPER.readValue(line, new TypeReference<Map<String, Object>>() {
			}))
			.toList();
	}

	static List<Map<String, Object>> withMessage(String output, String message) {
		return parse(output).stream().filter(messageIs(message)).toList();
	}

	/**
	 * The lines with a message written while handling the request with the given ID: the captured output may hold
	 * earlier tests' lines too.
	 */
	static List<Map<String, Object>> withMessage(String output, String message, String requestId) {
		return withMessage(output, message).stream().filter((line) -> requestId.equals(line.get("requestId"))).toList();
	}

	static Predicate<Map<String, Object>> messageIs(String message) {
		return (line) -> message.equals(line.get("message"));
	}

}
