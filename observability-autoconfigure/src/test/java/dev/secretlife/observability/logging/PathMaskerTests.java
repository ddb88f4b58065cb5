package dev.secretlife.observability.logging;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathMaskerTests {

	private final PathMasker paths = new PathMasker();

	@Test
	void masksTheSegmentAfterASecretKeySegment() {
		assertThat(this.paths.mask("/reset-password/s3cr3t")).isEqualTo("/reset-password/****");
		assertThat(this.paths.mask("/auth/token/s3cr3t/confirm")).isEqualTo("/auth/token/****/confirm");
		assertThat(this.paths.mask("/api/apiKey//s3cr3t")).isEqualTo("/api/apiKey//****");
	}

	@Test
	void stripsPathParameters() {
		assertThat(this.paths.mask("/cart;jsessionid=s3cr3t")).isEqualTo("/cart");
		assertThat(this.paths.mask("/a;v=1/b;jsessionid=s3cr3t/c")).isEqualTo("/a/b/c");
		assertThat(this.paths.mask("/reset-password/s3cr3t;jsessionid=s3cr3t2")).isEqualTo("/reset-password/****");
	}

	@Test
	void appliesTheValueMasksToWhatRemains() {
		assertThat(this.paths.mask("/callback/access_token=s3cr3t")).isEqualTo("/callback/access_token=****");
	}

	@Test
	void leavesOrdinaryPathsAsTheyAre() {
		String path = "/orders/42/items";
		assertThat(this.paths.mask(path)).isSameAs(path);
		assertThat(this.paths.mask("/api/tokens/42")).isEqualTo("/api/tokens/42");
		assertThat(this.paths.mask("/")).isEqualTo("/");
		assertThat(this.paths.mask("")).isEqualTo("");
	}

	@Test
	void capsTheLengthBeforeAnyOtherWork() {
		PathMasker short10 = new PathMasker(SecretText.DEFAULT_KEYS, true, List.of(), 10);
		assertThat(short10.mask("/orders/123456789")).isEqualTo("/orders/12...");
		assertThat(short10.mask("/token/s3cr3t-long")).isEqualTo("/token/****...");
		String huge = "/token/" + "x".repeat(1024 * 1024);
		assertThat(this.paths.mask(huge)).isEqualTo("/token/****...");
	}

}
