package dev.secretlife.observability.requestid;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestIdValidatorTests {

	private final RequestIdValidator validator = new RequestIdValidator(16);

	@ParameterizedTest
	@ValueSource(strings = { "a", "abc-123", "A.b_c:d+e/f=", "0123456789abcdef" })
	void acceptsSafeCharactersUpToMaxLength(String candidate) {
		assertThat(this.validator.isValid(candidate)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "a b", "a\rb", "a\nb", "a\tb", "a\u0000b", "\"quoted\"", "'q'", "a,b", "a;b",
			"<script>", "caf\u00e9", "\u4e2d\u6587", "0123456789abcdefX", "${jndi:x}" })
	void rejectsEverythingElse(String candidate) {
		assertThat(this.validator.isValid(candidate)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void rejectsNull() {
		assertThat(this.validator.isValid(null)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void refusesAMaxLengthBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RequestIdValidator(0));
	}

}
