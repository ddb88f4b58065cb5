package dev.secretlife.observability.logging;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretValueMaskerTests {

	private final SecretValueMasker masker = new SecretValueMasker(JsonLogEncoder.DEFAULT_MASKED_KEYS, true, List.of(),
			"****");

	@Test
	void masksTheValueAndKeepsTheKeyInEveryCommonNotation() {
		assertThat(mask("password=hunter2 next")).isEqualTo("password=**** next");
		assertThat(mask("Password: hunter2")).isEqualTo("Password: ****");
		assertThat(mask("{\"client_secret\":\"abc\",\"user\":\"bob\"}"))
			.isEqualTo("{\"client_secret\":\"****\",\"user\":\"bob\"}");
		assertThat(mask("{apiKey=abc, user=bob}")).isEqualTo("{apiKey=****, user=bob}");
		assertThat(mask("GET /cb?access_token=abc&state=1")).isEqualTo("GET /cb?access_token=****&state=1");
		assertThat(mask("Set-Cookie: SESSION=abc")).isEqualTo("Set-Cookie: ****");
	}

	@Test
	void masksBearerTokensWherever() {
		assertThat(mask("header was Bearer eyJhbGciOi.eyJzdWIi.SflKxw== end"))
			.isEqualTo("header was Bearer **** end");
		assertThat(mask("Authorization: Bearer abc")).isEqualTo("Authorization: Bearer ****");
	}

	@Test
	void leavesOrdinaryTextAlone() {
		assertThat(this.masker.mask(null, "nothing to see: 42 orders")).isNull();
		assertThat(this.masker.mask(null, "")).isNull();
		assertThat(this.masker.mask(null, 42)).isNull();
	}

	@Test
	void adversarialMegabyteInputsAreMaskedInOnePassWithoutBacktrackingBlowUp() {
		String keysWithoutValues = "password".repeat(128 * 1024);
		assertThat(this.masker.mask(null, keysWithoutValues) == null).isTrue();
		String separatorsWithoutValues = "password=   ,".repeat(80 * 1024);
		assertThat(this.masker.mask(null, separatorsWithoutValues) == null).isTrue();
		String oneHugeValue = "token=" + "a".repeat(1024 * 1024);
		assertThat(mask(oneHugeValue).equals("token=****")).isTrue();
		String bearers = "Bearer        ,".repeat(70 * 1024);
		assertThat(this.masker.mask(null, bearers) == null).isTrue();
		String manySecrets = "secret=x ".repeat(100 * 1024);
		assertThat(mask(manySecrets).equals("secret=**** ".repeat(100 * 1024))).isTrue();
	}

	@Test
	void configuredPatternsAreMaskedWhole() {
		SecretValueMasker custom = new SecretValueMasker(List.of(), false, List.of("\\b\\d{4}-\\d{4}-\\d{4}\\b"),
				"****");
		assertThat(custom.mask(null, "card 1234-5678-9012 used")).isEqualTo("card **** used");
	}

	private String mask(String value) {
		Object masked = this.masker.mask(null, value);
		assertThat(masked).as(value.substring(0, Math.min(80, value.length()))).isNotNull();
		return masked.toString();
	}

}
