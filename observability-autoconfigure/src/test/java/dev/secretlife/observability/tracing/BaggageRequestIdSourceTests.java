package dev.secretlife.observability.tracing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaggageRequestIdSourceTests {

	private final BaggageRequestIdSource source = new BaggageRequestIdSource("requestId");

	@Test
	void findsTheKeyAmongOtherMembersWithWhitespaceAndProperties() {
		assertThat(find("tenant=acme , requestId = abc-123;prop=1, other=x")).isEqualTo("abc-123");
	}

	@Test
	void percentDecodesTheValue() {
		assertThat(find("requestId=a%2Fb")).isEqualTo("a/b");
	}

	@Test
	void answersNullForAMalformedEscapeOrAMissingKey() {
		assertThat(find("requestId=a%2")).isNull();
		assertThat(find("requestIdx=abc, xrequestId=def")).isNull();
		assertThat(this.source.find((name) -> List.of())).isNull();
	}

	@Test
	void looksInEveryBaggageHeader() {
		Map<String, List<String>> headers = Map.of("baggage", List.of("tenant=acme", "requestId=second"));
		assertThat(this.source.find((name) -> headers.getOrDefault(name, List.of()))).isEqualTo("second");
	}

	@Test
	void hostileHeadersCostWorkLinearInTheirLength() {
		// Counts the characters read rather than timing: ten times the input must cost about ten times the reads.
		for (String unit : List.of(",", "=", "a=", " ,", ";", "requestIdx=,")) {
			long small = reads(unit.repeat(8 * 1024 / unit.length()));
			long large = reads(unit.repeat(80 * 1024 / unit.length()));
			assertThat(large).as("reads of 80 KB of '%s' against %d for 8 KB", unit, small)
				.isLessThanOrEqualTo(small * 11);
			assertThat(small).as("reads of 8 KB of '%s'", unit).isLessThanOrEqualTo(3 * 8 * 1024);
		}
	}

	private long reads(String header) {
		CountingText text = new CountingText(header);
		this.source.valueOf(text);
		return text.reads;
	}

	private static final class CountingText implements CharSequence {

		private final String text;

		private long reads;

		CountingText(String text) {
			this.text = text;
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public char charAt(int index) {
			this.reads++;
			return this.text.charAt(index);
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			this.reads += end - start;
			return this.text.subSequence(start, end);
		}

		@Override
		public String toString() {
			this.reads += this.text.length();
			return this.text;
		}

	}

	private String find(String baggage) {
		return this.source.find((name) -> name.equals("baggage") ? List.of(baggage) : List.of());
	}

}
