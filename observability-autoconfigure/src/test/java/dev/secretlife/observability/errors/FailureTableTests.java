package dev.secretlife.observability.errors;

import java.time.Clock;
import java.util.List;

import dev.secretlife.observability.logging.SecretValueMasker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure table with bad input: it stays bounded and keeps only masked, cut messages.
 */
class FailureTableTests {

	private static final SecretValueMasker MASKER = new SecretValueMasker(List.of("password", "token"), true,
			List.of(), "****");

	private final FailureTable table = new FailureTable(5, 100,
			(text) -> (MASKER.mask(null, text) instanceof String masked) ? masked : text, Clock.systemUTC());

	@Test
	void aOneMegabyteMessageIsKeptCut() {
		record(new IllegalStateException("x".repeat(1024 * 1024)));
		assertThat(this.table.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.message()).hasSize(103).endsWith("..."));
	}

	@Test
	void secretsInMessagesAreMasked() {
		record(new IllegalStateException("login failed for password=hunter2 with Bearer eyJabc.def"));
		assertThat(this.table.entries().get(0).message()).doesNotContain("hunter2")
			.doesNotContain("eyJabc")
			.contains("password=****");
	}

	@Test
	void aNullMessageAndAMessageThatThrowsAreKeptSafely() {
		record(new IllegalStateException((String) null));
		record(new Hostile());
		assertThat(this.table.entries()).extracting(FailureTable.Entry::message)
			.containsExactlyInAnyOrder(null, "(message unavailable: java.lang.UnsupportedOperationException)");
	}

	@Test
	void tenThousandDistinctMessagesOfOneFailureAreOneFingerprint() {
		for (int i = 0; i < 10_000; i++) {
			record(new IllegalStateException("order " + i + " failed"));
		}
		assertThat(this.table.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.count()).isEqualTo(10_000);
			assertThat(entry.message()).isEqualTo("order 9999 failed");
		});
	}

	@Test
	void moreFingerprintsThanTheMaximumEvictTheLeastRecentlySeen() throws Exception {
		for (int i = 0; i < 8; i++) {
			this.table.record(new Failure(new IllegalStateException(), FailureKind.TASK, "Jobs.run" + i, null,
					"fingerprint-" + i, null, null));
			Thread.sleep(2);
		}
		assertThat(this.table.size()).isEqualTo(5);
		assertThat(this.table.evicted()).isEqualTo(3);
		assertThat(this.table.entries()).extracting(FailureTable.Entry::fingerprint)
			.containsExactly("fingerprint-7", "fingerprint-6", "fingerprint-5", "fingerprint-4", "fingerprint-3");
	}

	private void record(Throwable error) {
		this.table.record(new Failure(error, FailureKind.HTTP, "/orders", "POST", FailureFingerprint.of(error),
				"req-1", "trace-1"));
	}

	/** An exception whose message and toString() throw. */
	static class Hostile extends RuntimeException {

		@Override
		public String getMessage() {
			throw new UnsupportedOperationException("no message");
		}

		@Override
		public String toString() {
			throw new UnsupportedOperationException("no string");
		}

	}

}
