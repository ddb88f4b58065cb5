package dev.secretlife.observability.autoconfigure.requestid;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;

import dev.secretlife.observability.requestid.RequestIdValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.secretlife.observability.autoconfigure.requestid.AbstractHostileRequestIdTests.Outcome.ECHOED;
import static dev.secretlife.observability.autoconfigure.requestid.AbstractHostileRequestIdTests.Outcome.REJECTED_BY_SERVER;
import static dev.secretlife.observability.autoconfigure.requestid.AbstractHostileRequestIdTests.Outcome.REPLACED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-ID table, run against a real server of each web stack ({@link HostileRequestIdTests} on Tomcat,
 * {@link ReactiveHostileRequestIdTests} on Reactor Netty), sent byte for byte: each incoming ID is either echoed
 * unchanged (valid) or replaced by a generated ID, under one rule for both stacks; the request is never failed
 * because of it; and the raw bad value reaches neither the response nor any log line.
 * <p>
 * Two values never reach the application on Tomcat: a NUL byte and a bare LF inside a header value make the message
 * malformed HTTP, and Tomcat rejects it with 400 itself, before any filter runs, as RFC 9110 section 5.5 allows. A
 * server that lets them through must still replace them ({@link #malformedOutcome()}).
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractHostileRequestIdTests {

	private static final String VALID_128 = "a".repeat(64) + "B-._:+/=".repeat(8);

	@LocalServerPort
	int port;

	private final CapturedLogEvents events = new CapturedLogEvents();

	@BeforeEach
	void captureEvents() {
		this.events.start();
	}

	@AfterEach
	void stopCapturing() {
		this.events.stop();
	}

	static Stream<Arguments> incomingIds() {
		return Stream.of(
				// name, the raw header line(s), the raw value to look for, what happens to it
				Arguments.of("a valid UUID", line("3f0e2c1a-9b7d-4c55-8e21-0d6f4a9b1c77"),
						"3f0e2c1a-9b7d-4c55-8e21-0d6f4a9b1c77", ECHOED),
				Arguments.of("a valid 128-character value", line(VALID_128), VALID_128, ECHOED),
				Arguments.of("a 129-character value", line(VALID_128 + "x"), VALID_128 + "x", REPLACED),
				Arguments.of("a 4 KB value", line("k".repeat(4096)), "k".repeat(4096), REPLACED),
				Arguments.of("CR/LF injection of a second header",
						line("inj\r\nX-Injected: evil\r\nX-Request-ID: again"), "X-Injected", REPLACED),
				Arguments.of("a bare LF inside the value", line("lf\ninside"), "lf\ninside", REJECTED_BY_SERVER),
				Arguments.of("NUL", RawHttp.headerLine("X-Request-ID", new byte[] { 'n', 'u', 0, 'l' }),
						"nu\u0000l", REJECTED_BY_SERVER),
				Arguments.of("tab", line("tab\tvalue"), "tab\tvalue", REPLACED),
				Arguments.of("unicode", line("\u00fcn\u00efc\u00f6d\u00e9-\u4e2d\u6587"), "\u00fcn\u00efc", REPLACED),
				Arguments.of("double quotes", line("\"quoted\""), "\"quoted\"", REPLACED),
				Arguments.of("single quotes and angle brackets", line("'<script>'"), "<script>", REPLACED),
				Arguments.of("a lookup expression", line("${jndi:ldap://x/y}"), "${jndi:", REPLACED),
				Arguments.of("an empty value", line(""), null, REPLACED),
				Arguments.of("a whitespace-only value", line("    "), null, REPLACED),
				Arguments.of("a space inside", line("two words"), "two words", REPLACED),
				Arguments.of("a comma-joined list", line("one,two"), "one,two", REPLACED),
				Arguments.of("two header values", concat(line("first-id"), line("second-id")), "second-id", REPLACED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("incomingIds")
	void incomingIdIsEchoedWhenValidAndReplacedOtherwise(String name, byte[] headerLines, String rawValue,
			Outcome outcome, CapturedOutput output) throws Exception {
		RawHttp.Response response = RawHttp.get(this.port, "/id", headerLines);

		if (outcome == REJECTED_BY_SERVER && malformedOutcome() == REJECTED_BY_SERVER) {
			assertThat(response.status()).as("status (or a reset: refused without a response)")
				.isIn(400, RawHttp.RESET);
			assertThat(response.header("X-Request-ID")).isEmpty();
			assertThat(output.getAll()).doesNotContain(rawValue);
			assertThat(this.events.all()).noneSatisfy((event) -> assertThat(event.getLoggerName())
				.isEqualTo(controller().getName()));
			return;
		}
		assertThat(response.status()).as("status").isEqualTo(200);
		assertThat(response.header("X-Injected")).isEmpty();
		List<String> echoed = response.header("X-Request-ID");
		assertThat(echoed).hasSize(1);
		String id = echoed.get(0);
		assertThat(new RequestIdValidator(128).isValid(id)).as("echoed ID is valid").isTrue();
		assertThat(response.body()).isEqualTo(id);
		if (outcome == ECHOED) {
			assertThat(id).isEqualTo(rawValue);
		}
		else if (rawValue != null) {
			assertThat(id).isNotEqualTo(rawValue).doesNotContain(rawValue);
			assertThat(response.headers()).allSatisfy((header) -> assertThat(header[1]).doesNotContain(rawValue));
			assertThat(output.getAll()).doesNotContain(rawValue);
			assertThat(this.events.all()).allSatisfy((event) -> {
				assertThat(event.getFormattedMessage()).doesNotContain(rawValue);
				assertThat(event.getMDCPropertyMap().values()).allSatisfy((v) -> assertThat(v).doesNotContain(rawValue));
			});
		}
		assertThat(this.events.from(controller())).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", id));
	}

	enum Outcome {

		ECHOED, REPLACED, REJECTED_BY_SERVER

	}

	private static byte[] line(String value) {
		return RawHttp.headerLine("X-Request-ID", value);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/**
	 * The class whose logger the application's handler logs with, once per request.
	 * @return the controller class
	 */
	abstract Class<?> controller();

	/**
	 * What this server does with a NUL or a bare LF inside the header value.
	 * @return {@link Outcome#REJECTED_BY_SERVER} when it answers 400 itself, {@link Outcome#REPLACED} when it
	 * passes the request on
	 */
	Outcome malformedOutcome() {
		return REJECTED_BY_SERVER;
	}

}
