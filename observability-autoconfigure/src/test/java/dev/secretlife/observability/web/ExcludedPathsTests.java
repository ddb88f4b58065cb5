package dev.secretlife.observability.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExcludedPathsTests {

	@Test
	void prefixPatternMatchesThePrefixAndEverythingBelowItOnly() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/actuator/**"));
		assertThat(paths.matches("/actuator")).isTrue();
		assertThat(paths.matches("/actuator/health")).isTrue();
		assertThat(paths.matches("/actuator/health/liveness")).isTrue();
		assertThat(paths.matches("/actuatorx")).isFalse();
		assertThat(paths.matches("/api/actuator")).isFalse();
	}

	@Test
	void otherPatternsArePathPatterns() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/internal/*/status", "/*/ping"));
		assertThat(paths.matches("/internal/a/status")).isTrue();
		assertThat(paths.matches("/x/ping")).isTrue();
		assertThat(paths.matches("/internal/a/b/status")).isFalse();
	}

	@Test
	void encodedCharactersAndMatrixParametersAreDecodedAsSpringMvcMapsThem() {
		ExcludedPaths paths = new ExcludedPaths(List.of("/actuator/**", "/internal/*/status"));
		assertThat(paths.matches("/actu%61tor/health")).isTrue();
		assertThat(paths.matches("/actuator;jsessionid=1/health")).isTrue();
		assertThat(paths.matches("/internal/a%2Fb/status")).isTrue();
		assertThat(paths.matches("/api%2Factuator")).isFalse();
	}

	@Test
	void blankPatternsAreIgnored() {
		assertThat(new ExcludedPaths(List.of(" ", "")).isEmpty()).isTrue();
		assertThat(new ExcludedPaths(List.of()).matches("/anything")).isFalse();
	}

}
