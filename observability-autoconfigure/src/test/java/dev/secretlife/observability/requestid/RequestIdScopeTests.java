package dev.secretlife.observability.requestid;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdScopeTests {

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void scopeMakesTheIdCurrentAndPutsItInTheMdc() {
		try (RequestId.Scope scope = RequestId.open("id-1", "requestId")) {
			assertThat(RequestId.current()).contains("id-1");
			assertThat(RequestId.get()).isEqualTo("id-1");
			assertThat(MDC.get("requestId")).isEqualTo("id-1");
		}
		assertThat(RequestId.current()).isEmpty();
		assertThat(MDC.get("requestId")).isNull();
	}

	@Test
	void closingANestedScopeRestoresTheOuterIdAndMdcValue() {
		try (RequestId.Scope outer = RequestId.open("outer", "requestId")) {
			try (RequestId.Scope inner = RequestId.open("inner", "requestId")) {
				assertThat(MDC.get("requestId")).isEqualTo("inner");
			}
			assertThat(RequestId.get()).isEqualTo("outer");
			assertThat(MDC.get("requestId")).isEqualTo("outer");
		}
	}

	@Test
	void aScopeWithoutMdcKeyLeavesTheMdcAlone() {
		MDC.put("requestId", "unrelated");
		try (RequestId.Scope scope = RequestId.open("id-2", null)) {
			assertThat(MDC.get("requestId")).isEqualTo("unrelated");
		}
		assertThat(MDC.get("requestId")).isEqualTo("unrelated");
	}

}
