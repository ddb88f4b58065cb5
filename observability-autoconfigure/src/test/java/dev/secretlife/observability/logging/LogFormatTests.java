package dev.secretlife.observability.logging;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTests {

	private static final List<String> DEV = List.of("dev", "local");

	@Test
	void autoIsPrettyWhenADevelopmentProfileIsActive() {
		assertThat(LogFormat.AUTO.resolve(List.of("eu", "local"), DEV, false)).isEqualTo(LogFormat.PRETTY);
	}

	@Test
	void autoIsPrettyOnAnInteractiveTerminal() {
		assertThat(LogFormat.AUTO.resolve(List.of(), DEV, true)).isEqualTo(LogFormat.PRETTY);
	}

	@Test
	void autoIsJsonOtherwise() {
		assertThat(LogFormat.AUTO.resolve(List.of("prod"), DEV, false)).isEqualTo(LogFormat.JSON);
	}

	@Test
	void explicitFormatsAreKept() {
		assertThat(LogFormat.JSON.resolve(List.of("dev"), DEV, true)).isEqualTo(LogFormat.JSON);
		assertThat(LogFormat.PRETTY.resolve(List.of(), DEV, false)).isEqualTo(LogFormat.PRETTY);
	}

}
