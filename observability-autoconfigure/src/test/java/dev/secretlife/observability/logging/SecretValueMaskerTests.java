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

	@Test
	void masksEveryCookieOfACookieHeaderNotOnlyTheFirst() {
		assertThat(mask("Cookie: theme=dark; SESSION=s3cr3t; csrf=t0k3n")).isEqualTo("Cookie: ****");
		assertThat(mask("{\"cookie\":\"a=1; SESSION=s3cr3t\",\"accept\":\"*/*\"}"))
			.isEqualTo("{\"cookie\":\"****\",\"accept\":\"*/*\"}");
		assertThat(mask("headers [Cookie:\"a=1; SESSION=s3cr3t\", Accept:\"*/*\"]"))
			.isEqualTo("headers [Cookie:\"****\", Accept:\"*/*\"]");
	}

	@Test
	void masksTheCredentialsOfEveryAuthorizationScheme() {
		assertThat(mask("Authorization: Token s3cr3t")).isEqualTo("Authorization: Token ****");
		assertThat(mask("Authorization: Digest username=\"bob\", realm=\"r\", nonce=\"n\", response=\"s3cr3t\""))
			.isEqualTo("Authorization: Digest ****");
		assertThat(mask("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20250101/eu/s3/aws4_request, "
				+ "SignedHeaders=host, Signature=s3cr3t"))
			.doesNotContain("s3cr3t");
		assertThat(mask("Authorization: DPoP s3cr3t")).isEqualTo("Authorization: DPoP ****");
		assertThat(mask("sent DPoP s3cr3t.jwt.value")).isEqualTo("sent DPoP ****");
		assertThat(mask("Signature=s3cr3t")).isEqualTo("Signature=****");
	}

	@Test
	void masksPasswordsInUrls() {
		assertThat(mask("connecting to postgres://app:s3cr3t@db.internal:5432/orders"))
			.isEqualTo("connecting to postgres://app:****@db.internal:5432/orders");
		assertThat(mask("https://bob:p@ss:w0rd@example.com/x")).isEqualTo("https://bob:****@example.com/x");
		assertThat(mask("jdbc:postgresql://app:s3cr3t@db/orders")).isEqualTo("jdbc:postgresql://app:****@db/orders");
		assertThat(mask("jdbc:mysql://db/orders?user=app&password=s3cr3t&ssl=true"))
			.isEqualTo("jdbc:mysql://db/orders?user=app&password=****&ssl=true");
		assertThat(mask("jdbc:sqlserver://db;user=app;password=s3cr3t;encrypt=true")).doesNotContain("s3cr3t");
		assertThat(mask("jdbc:oracle:thin:scott/s3cr3t@db:1521/orcl"))
			.isEqualTo("jdbc:oracle:thin:scott/****@db:1521/orcl");
		assertThat(this.masker.mask(null, "see https://example.com/a:b@c and http://host:8080/x")).isNull();
	}

	@Test
	void masksXmlElementsQuotedValuesWithSpacesAndValuesWithCommasOrSemicolons() {
		assertThat(mask("<user><name>bob</name><password>s3cr3t value</password></user>"))
			.isEqualTo("<user><name>bob</name><password>****</password></user>");
		assertThat(mask("password=\"two s3cr3t words\" next")).isEqualTo("password=\"****\" next");
		assertThat(mask("password: 'two s3cr3t words' next")).isEqualTo("password: '****' next");
		assertThat(mask("password=ab,s3cr3t next")).isEqualTo("password=**** next");
		assertThat(mask("password=ab;s3cr3t next")).isEqualTo("password=**** next");
		assertThat(mask("{apiKey=abc, user=bob}")).isEqualTo("{apiKey=****, user=bob}");
	}

	@Test
	void masksEscapedJsonInsideAString() {
		assertThat(mask("body={\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"two s3cr3t\\\"}"))
			.isEqualTo("body={\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"****\\\"}");
	}

	@Test
	void masksTheFurtherCommonKeysAndToleratesWhitespaceAroundTheSeparator() {
		for (String key : List.of("pwd", "pass", "secretKey", "privateKey", "aws_secret_access_key",
				"X-Amz-Signature", "DPoP")) {
			assertThat(mask(key + "=s3cr3t")).isEqualTo(key + "=****");
		}
		assertThat(mask("password =s3cr3t")).isEqualTo("password =****");
		assertThat(mask("password\t= s3cr3t")).isEqualTo("password\t= ****");
		assertThat(mask("password     =     s3cr3t")).isEqualTo("password     =     ****");
	}

	@Test
	void hostileMegabyteInputsOfTheNewShapesStayLinear() {
		// Each shape once at 1 MB: a quadratic scan would take minutes here, not milliseconds.
		int mb = 1024 * 1024;
		assertThat(mask("cookie=" + "a".repeat(mb)).equals("cookie=****")).isTrue();
		assertThat(mask("password=\"" + "a b".repeat(mb / 3)).equals("password=\"****")).isTrue();
		assertThat(this.masker.mask(null, "://".repeat(mb / 3)) == null).isTrue();
		assertThat(this.masker.mask(null, "x:/".repeat(mb / 3)) == null).isTrue();
		assertThat(this.masker.mask(null, "s://a:b" + "c".repeat(mb)) == null).isTrue();
		assertThat(this.masker.mask(null, "thin:a/b".repeat(mb / 8)) == null).isTrue();
		assertThat(this.masker.mask(null, "t" + "-".repeat(mb) + "oken=") == null).isTrue();
		assertThat(this.masker.mask(null, "<token>".repeat(mb / 7)) == null).isTrue();
		assertThat(this.masker.mask(null, "<token>x".repeat(mb / 8)) != null).isTrue();
		assertThat(this.masker.mask(null, "thin:".repeat(mb / 5)) == null).isTrue();
		assertThat(this.masker.mask(null, "\\".repeat(mb / 2) + "\"") == null).isTrue();
		assertThat(this.masker.mask(null, " ".repeat(mb) + "=") == null).isTrue();
	}

	private String mask(String value) {
		Object masked = this.masker.mask(null, value);
		assertThat(masked).as(value.substring(0, Math.min(80, value.length()))).isNotNull();
		return masked.toString();
	}

}
