package dev.secretlife.observability.logging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.secretlife.observability.testsupport.JsonLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;

import static dev.secretlife.observability.testsupport.JsonLines.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encodes single events with {@link JsonLogEncoder} and parses the line strictly.
 */
class JsonLogEncoderTests {

	private final LoggerContext context = new LoggerContext();

	{
		this.context.setMDCAdapter(new LogbackMDCAdapter());
	}

	private final Logger logger = this.context.getLogger("test");

	@AfterEach
	void stop() {
		this.context.stop();
	}

	@Test
	void valueThatCannotBeSerializedGivesAJsonLineThatSaysSoInsteadOfNoLine() {
		LoggingEvent event = event("payment failed for password=hunter2", null);
		event.addKeyValuePair(new KeyValuePair("bad", new Unserializable()));
		String output = new String(started(new JsonLogEncoder()).encode(event), StandardCharsets.UTF_8);
		JsonNode line = JsonLines.parse(List.of(output.strip())).get(0);
		assertThat(text(line, "message")).isEqualTo("payment failed for password=****");
		assertThat(text(line, "level")).isEqualTo("INFO");
		assertThat(text(line, "log_encoding_error")).isNotBlank();
	}

	@Test
	void sameFailureHasTheSameStackHashWhateverItsMessage() {
		JsonLogEncoder encoder = started(new JsonLogEncoder());
		List<String> hashes = new java.util.ArrayList<>();
		for (String order : List.of("order 1", "order 2")) {
			hashes.add(text(encode(encoder, event("failed", failure(order))), "stack_hash"));
		}
		String first = hashes.get(0);
		String second = hashes.get(1);
		String other = text(encode(encoder, event("failed", new IllegalArgumentException("x"))), "stack_hash");
		assertThat(first).isNotBlank().isEqualTo(second).isNotEqualTo(other);
	}

	@Test
	void stackTraceStartsWithTheRootCauseAndIsCutAtTheMaximumLength() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.setStackTraceMaxLength(600);
		Exception failure = new IllegalStateException("outer", new ArithmeticException("root"));
		String stackTrace = text(encode(started(encoder), event("failed", failure)), "stack_trace");
		assertThat(stackTrace).startsWith("java.lang.ArithmeticException: root").hasSizeLessThanOrEqualTo(600);
	}

	@Test
	void rootCauseLastWhenConfigured() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.setStackTraceRootCauseFirst(false);
		Exception failure = new IllegalStateException("outer", new ArithmeticException("root"));
		assertThat(text(encode(started(encoder), event("failed", failure)), "stack_trace"))
			.startsWith("java.lang.IllegalStateException: outer");
	}

	@Test
	void serviceFieldsAreWrittenWhenKnown() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.setServiceName("orders");
		encoder.setServiceVersion("1.2.3");
		encoder.setEnvironment("prod,eu");
		JsonNode line = encode(started(encoder), event("hello", null));
		assertThat(text(line, "service")).isEqualTo("orders");
		assertThat(text(line, "version")).isEqualTo("1.2.3");
		assertThat(text(line, "environment")).isEqualTo("prod,eu");
		assertThat(line.has("@version")).isFalse();
		assertThat(line.has("level_value")).isFalse();
	}

	@Test
	void serviceFieldsComeLastAndBesideTheUsersOwnCustomFields() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.setCustomFields("{\"team\":\"payments\",\"tier\":1}");
		encoder.setServiceName("orders");
		encoder.setEnvironment("prod");
		LoggingEvent event = event("hello", null);
		event.addKeyValuePair(new KeyValuePair("status", 200));
		JsonNode line = encode(started(encoder), event);
		assertThat(text(line, "team")).isEqualTo("payments");
		assertThat(line.get("tier").intValue()).isEqualTo(1);
		assertThat(line.has("version")).isFalse();
		List<String> names = new java.util.ArrayList<>(line.propertyNames());
		assertThat(names.subList(names.size() - 2, names.size())).containsExactly("service", "environment");
	}

	@Test
	void mdcEntriesAreStringsThatAreMaskedRenamedAndLeftToTheUsersEntryWriters() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.addMdcKeyFieldName("tenant=tenantId");
		encoder.addMdcEntryWriter(new net.logstash.logback.composite.loggingevent.mdc.LongMdcEntryWriter());
		LoggingEvent event = event("hello", null);
		Map<String, String> mdc = new java.util.LinkedHashMap<>();
		mdc.put("requestId", "abc-123");
		mdc.put("tenant", "acme");
		mdc.put("attempt", "3");
		mdc.put("password", "hunter2");
		mdc.put("note", "token=abc \"quoted\"\n");
		mdc.put("message", "from mdc");
		event.setMDCPropertyMap(mdc);
		JsonNode line = encode(started(encoder), event);
		assertThat(text(line, "requestId")).isEqualTo("abc-123");
		assertThat(text(line, "tenantId")).isEqualTo("acme");
		assertThat(line.has("tenant")).isFalse();
		assertThat(line.get("attempt").isIntegralNumber()).isTrue();
		assertThat(line.get("attempt").longValue()).isEqualTo(3);
		assertThat(text(line, "password")).isEqualTo("****");
		assertThat(text(line, "note")).isEqualTo("token=**** \"quoted\"\n");
		assertThat(text(line, "message")).isEqualTo("hello");
		assertThat(text(line, "message_2")).isEqualTo("from mdc");
	}

	@Test
	void repeatedCollidingNamesGetIncreasingSuffixes() {
		LoggingEvent event = event("hello", null);
		event.setMDCPropertyMap(Map.of("message", "from mdc"));
		event.addKeyValuePair(new KeyValuePair("message", "from kv"));
		event.addKeyValuePair(new KeyValuePair("message_2", "literal"));
		JsonNode line = encode(started(new JsonLogEncoder()), event);
		assertThat(text(line, "message")).isEqualTo("hello");
		assertThat(text(line, "message_2")).isEqualTo("from mdc");
		assertThat(text(line, "message_3")).isEqualTo("from kv");
		assertThat(text(line, "message_2_2")).isEqualTo("literal");
	}

	@Test
	void keyValuesKeepTheirJsonTypesAndAreMasked() {
		LoggingEvent event = event("done", null);
		event.addKeyValuePair(new KeyValuePair("status", 200));
		event.addKeyValuePair(new KeyValuePair("bytes", 12_345_678_901L));
		event.addKeyValuePair(new KeyValuePair("durationMs", 1.25));
		event.addKeyValuePair(new KeyValuePair("ratio", 0.1f));
		event.addKeyValuePair(new KeyValuePair("cached", true));
		event.addKeyValuePair(new KeyValuePair("amount", new java.math.BigDecimal("10.50")));
		event.addKeyValuePair(new KeyValuePair("order", Map.of("id", 7)));
		event.addKeyValuePair(new KeyValuePair("note", "token=abc line \"two\"\n"));
		event.addKeyValuePair(new KeyValuePair("apiKey", 42));
		event.addKeyValuePair(new KeyValuePair("absent", null));
		JsonNode line = encode(started(new JsonLogEncoder()), event);
		assertThat(line.get("status").isInt()).isTrue();
		assertThat(line.get("status").intValue()).isEqualTo(200);
		assertThat(line.get("bytes").longValue()).isEqualTo(12_345_678_901L);
		assertThat(line.get("durationMs").doubleValue()).isEqualTo(1.25);
		assertThat(line.get("ratio").toString()).isEqualTo("0.1");
		assertThat(line.get("cached").booleanValue()).isTrue();
		assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("10.50");
		assertThat(line.get("order").get("id").intValue()).isEqualTo(7);
		assertThat(text(line, "note")).isEqualTo("token=**** line \"two\"\n");
		assertThat(text(line, "apiKey")).isEqualTo("****");
		assertThat(line.has("absent")).isFalse();
	}

	@Test
	void keyValueSettingsOfLogstashEncoderStillApply() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.addExcludeKeyValueKeyName("internal");
		encoder.addKeyValueKeyFieldName("status=httpStatus");
		LoggingEvent event = event("done", null);
		event.addKeyValuePair(new KeyValuePair("internal", "hidden"));
		event.addKeyValuePair(new KeyValuePair("status", 200));
		event.addKeyValuePair(new KeyValuePair("password", "hunter2"));
		JsonNode line = encode(started(encoder), event);
		assertThat(line.has("internal")).isFalse();
		assertThat(line.get("httpStatus").intValue()).isEqualTo(200);
		assertThat(text(line, "password")).isEqualTo("****");
	}

	@Test
	void maskedKeysAndBearerTokensAreConfigurable() {
		JsonLogEncoder encoder = new JsonLogEncoder();
		encoder.setMaskedKeys(List.of("pin"));
		encoder.setMaskBearerTokens(false);
		LoggingEvent event = event("pin=1234 password=visible Bearer visible-token", null);
		event.addKeyValuePair(new KeyValuePair("cardPin", "9876"));
		JsonNode line = encode(started(encoder), event);
		assertThat(text(line, "message")).isEqualTo("pin=**** password=visible Bearer visible-token");
		assertThat(text(line, "cardPin")).isEqualTo("****");
	}

	private JsonLogEncoder started(JsonLogEncoder encoder) {
		encoder.setContext(this.context);
		encoder.start();
		return encoder;
	}

	private LoggingEvent event(String message, Throwable failure) {
		return new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO, message, failure, null);
	}

	private static JsonNode encode(JsonLogEncoder encoder, LoggingEvent event) {
		String output = new String(encoder.encode(event), StandardCharsets.UTF_8);
		assertThat(output).endsWith("\n").containsOnlyOnce("\n").doesNotContain("log_encoding_error");
		return JsonLines.parse(List.of(output.substring(0, output.length() - 1))).get(0);
	}

	private static Exception failure(String message) {
		return new IllegalStateException(message);
	}

	static class Unserializable {

		public String getValue() {
			throw new IllegalStateException("cannot serialize");
		}

	}

}
