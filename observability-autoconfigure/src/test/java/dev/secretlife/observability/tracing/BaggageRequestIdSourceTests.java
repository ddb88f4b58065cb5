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

	private String find(String baggage) {
		return this.source.find((name) -> name.equals("baggage") ? List.of(baggage) : List.of());
	}

}
