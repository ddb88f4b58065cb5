package dev.secretlife.observability.requestid;

import java.util.List;
import java.util.Map;

import dev.secretlife.observability.requestid.RequestIdResolver.Origin;
import dev.secretlife.observability.requestid.RequestIdResolver.Resolution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdResolverTests {

	private final RequestIdResolver resolver = new RequestIdResolver(List.of("X-Request-ID", "X-Correlation-ID"),
			new RequestIdValidator(128), () -> "generated", true);

	@Test
	void acceptsAValidIdFromTheMainHeader() {
		Resolution resolution = resolve(Map.of("X-Request-ID", List.of("abc")));
		assertThat(resolution).isEqualTo(new Resolution("abc", Origin.ACCEPTED));
		assertThat(resolution.isGenerated()).isFalse();
	}

	@Test
	void fallsBackToAnAdditionalHeader() {
		assertThat(resolve(Map.of("X-Correlation-ID", List.of("corr-1"))).id()).isEqualTo("corr-1");
	}

	@Test
	void theFirstPresentHeaderDecidesEvenWhenItIsInvalid() {
		Resolution resolution = resolve(Map.of("X-Request-ID", List.of("bad value"), "X-Correlation-ID",
				List.of("good")));
		assertThat(resolution).isEqualTo(new Resolution("generated", Origin.GENERATED_REPLACING_INVALID));
	}

	@Test
	void replacesAHeaderThatOccursTwice() {
		Resolution resolution = resolve(Map.of("X-Request-ID", List.of("a", "b")));
		assertThat(resolution).isEqualTo(new Resolution("generated", Origin.GENERATED_REPLACING_INVALID));
	}

	@Test
	void generatesWhenNoHeaderIsPresent() {
		assertThat(resolve(Map.of())).isEqualTo(new Resolution("generated", Origin.GENERATED));
	}

	@Test
	void generatesForEveryRequestWhenIncomingIdsAreNotTrusted() {
		RequestIdResolver untrusting = new RequestIdResolver(List.of("X-Request-ID"), new RequestIdValidator(128),
				() -> "fresh", false);
		Resolution resolution = untrusting.resolve((name) -> List.of("valid-id"));
		assertThat(resolution).isEqualTo(new Resolution("fresh", Origin.GENERATED_NOT_TRUSTED));
		assertThat(untrusting.acceptOrNull("valid-id")).isNull();
	}

	@Test
	void acceptsOtherCandidatesUnderTheSameRules() {
		assertThat(this.resolver.acceptOrNull("from-baggage")).isEqualTo("from-baggage");
		assertThat(this.resolver.acceptOrNull("bad\nvalue")).isNull();
		assertThat(this.resolver.acceptOrNull(null)).isNull();
	}

	private Resolution resolve(Map<String, List<String>> headers) {
		return this.resolver.resolve((name) -> headers.getOrDefault(name, List.of()));
	}

}
