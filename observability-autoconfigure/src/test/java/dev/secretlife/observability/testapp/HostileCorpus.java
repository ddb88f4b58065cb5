package dev.secretlife.observability.testapp;

import java.util.List;

/**
 * Hostile log content: every shape of secret the masks must catch (each secret contains {@link #MARKER}, which must
 * appear in no output), and text that must not break a line or its JSON (CR/LF, NUL, lone surrogates, 1 MB values).
 */
public final class HostileCorpus {

	/** Part of every secret of the corpus, and of nothing else the application writes. */
	public static final String MARKER = "S3CR3T";

	private static final int MB = 1024 * 1024;

	/** Texts holding secrets, logged as message, key-value, MDC value and exception message. */
	public static final List<String> SECRET_TEXTS = List.of("Cookie: theme=dark; SESSION=S3CR3T-c1; csrf=S3CR3T-c2",
			"Authorization: Token S3CR3T-token", "Authorization: Bearer S3CR3T-bearer.jwt.sig",
			"Authorization: Basic S3CR3T-basic==",
			"Authorization: Digest username=\"bob\", realm=\"r\", nonce=\"n\", response=\"S3CR3T-digest\"",
			"Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20250101/eu/s3/aws4_request, SignedHeaders=host, "
					+ "Signature=S3CR3T-aws4",
			"Authorization: DPoP S3CR3T-dpop", "header DPoP: S3CR3T-dpop-proof", "sent Bearer S3CR3T-standalone",
			"connecting to postgres://app:S3CR3T-url@db.internal:5432/orders",
			"jdbc:postgresql://db/orders?user=app&password=S3CR3T-jdbc&ssl=true",
			"jdbc:sqlserver://db;user=app;password=S3CR3T-mssql;encrypt=true",
			"jdbc:oracle:thin:scott/S3CR3T-oracle@db:1521/orcl",
			"<user><name>bob</name><password>S3CR3T-xml value</password></user>",
			"password=\"two S3CR3T-quoted words\" next", "password: 'two S3CR3T-single words' next",
			"password=ab,S3CR3T-comma next", "password=ab;S3CR3T-semicolon next",
			"body={\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"S3CR3T-escaped json\\\"}",
			"{\"client_secret\":\"S3CR3T-json\",\"user\":\"bob\"}",
			"pwd=S3CR3T-pwd pass=S3CR3T-pass secretKey=S3CR3T-sk privateKey=S3CR3T-pk",
			"aws_secret_access_key=S3CR3T-aws X-Amz-Signature=S3CR3T-amz", "password   =   S3CR3T-spaces",
			"password\t=\tS3CR3T-tabs", "login password=S3CR3T-crlf\r\nforged: line\r\n",
			"token=S3CR3T-nul\u0000after", "secret=S3CR3T-surrogate\ud800 lone", "api_key=\ud800S3CR3T-lead",
			"x".repeat(MB) + " password=S3CR3T-after-a-megabyte", "token=S3CR3T-megabyte-value" + "y".repeat(MB));

	/** Texts without secrets that must still give one valid JSON object per line. */
	public static final List<String> ODD_TEXTS = List.of("line one\nline two\r\nline three", "nul \u0000 end",
			"lone \ud800 high and \udc00 low", "escape \u001b[31m red", "\u2028\u2029 separators",
			"quotes \" and \\ backslash", "z".repeat(MB));

	/** Request paths holding secrets: the summary line and the unhandled-error line must not show them. */
	public static final List<String> SECRET_PATHS = List.of("/reset-password/S3CR3T-path;jsessionid=S3CR3T-jsession",
			"/reset-password/S3CR3T-path2/fail", "/cart;jsessionid=S3CR3T-cart");

	private HostileCorpus() {
	}

}
