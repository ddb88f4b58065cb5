package dev.secretlife.observability.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFieldMaskerTests {

	private final SecretFieldMasker masker = new SecretFieldMasker(JsonLogEncoder.DEFAULT_MASKED_KEYS, "****");

	@Test
	void namesEndingWithASecretKeyAreSecretIgnoringCaseAndSeparators() {
		assertThat(this.masker.isSecret("password")).isTrue();
		assertThat(this.masker.isSecret("dbPassword")).isTrue();
		assertThat(this.masker.isSecret("X-API-KEY")).isTrue();
		assertThat(this.masker.isSecret("apiKey")).isTrue();
		assertThat(this.masker.isSecret("stripe.api-key")).isTrue();
		assertThat(this.masker.isSecret("Set-Cookie")).isTrue();
		assertThat(this.masker.isSecret("Proxy-Authorization")).isTrue();
		assertThat(this.masker.isSecret("creditCard")).isTrue();
	}

	@Test
	void otherNamesAreNot() {
		assertThat(this.masker.isSecret("requestId")).isFalse();
		assertThat(this.masker.isSecret("tokens")).isFalse();
		assertThat(this.masker.isSecret("passwordHint")).isFalse();
		assertThat(this.masker.isSecret("")).isFalse();
		assertThat(this.masker.isSecret("-")).isFalse();
	}

	@Test
	void answersStayRightWhenAskedAgainAndAfterManyDistinctNames() {
		for (int round = 0; round < 2; round++) {
			assertThat(this.masker.isSecret("dbPassword")).isTrue();
			assertThat(this.masker.isSecret("requestId")).isFalse();
		}
		for (int i = 0; i < SecretFieldMasker.MAX_REMEMBERED_NAMES * 3; i++) {
			assertThat(this.masker.isSecret("field" + i)).isFalse();
			assertThat(this.masker.isSecret("field" + i + "_token")).isTrue();
		}
		assertThat(this.masker.isSecret("late.api-key")).isTrue();
		assertThat(this.masker.isSecret("lateName")).isFalse();
	}

}
