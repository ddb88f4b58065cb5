package dev.secretlife.observability.requestid;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomRequestIdGeneratorTests {

	private final RandomRequestIdGenerator generator = new RandomRequestIdGenerator();

	@Test
	void generatesCanonicalVersion4Uuids() {
		for (int i = 0; i < 1000; i++) {
			String id = this.generator.generate();
			UUID uuid = UUID.fromString(id);
			assertThat(uuid.toString()).isEqualTo(id);
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
		}
	}

	@Test
	void generatesIdsThatPassValidation() {
		RequestIdValidator validator = new RequestIdValidator(RequestIdValidator.DEFAULT_MAX_LENGTH);
		assertThat(validator.isValid(this.generator.generate())).isTrue();
	}

	@Test
	void generatesDistinctIdsAcrossThreads() throws InterruptedException {
		Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 25_000; i++) {
					ids.add(this.generator.generate());
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(ids).hasSize(100_000);
	}

}
