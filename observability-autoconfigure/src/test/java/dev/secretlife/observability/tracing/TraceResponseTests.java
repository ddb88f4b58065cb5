package dev.secretlife.observability.tracing;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceResponseTests {

	@Test
	void formatsVersionTraceIdSpanIdAndSampledFlag() {
		assertThat(TraceResponse.format(new Context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true)))
			.isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
	}

	@Test
	void anUnsampledOrUndecidedTraceHasFlagsZero() {
		assertThat(TraceResponse.format(new Context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", false)))
			.endsWith("-00");
		assertThat(TraceResponse.format(new Context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null)))
			.endsWith("-00");
	}

	@Test
	void aSixtyFourBitTraceIdIsLeftPaddedToThirtyTwoHexDigits() {
		assertThat(TraceResponse.format(new Context("8448eb211c80319c", "b7ad6b7169203331", true)))
			.isEqualTo("00-00000000000000008448eb211c80319c-b7ad6b7169203331-01");
	}

	private record Context(String traceId, String spanId, @Nullable Boolean sampled) implements TraceContext {

		@Override
		public @Nullable String parentId() {
			return null;
		}

	}

}
