package dev.secretlife.observability.errors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureFingerprintTests {

	@Test
	void theSameFailureHasTheSameFingerprintWhateverItsLineNumbersAndMessage() {
		IllegalStateException first = failure("one", 10, 20);
		IllegalStateException second = failure("two", 15, 99);
		assertThat(FailureFingerprint.of(first)).hasSize(16).isEqualTo(FailureFingerprint.of(second));
	}

	@Test
	void anotherExceptionTypeOrAnotherApplicationFrameIsAnotherFingerprint() {
		IllegalStateException failure = failure("x", 10, 20);
		IllegalArgumentException otherType = new IllegalArgumentException("x");
		otherType.setStackTrace(failure.getStackTrace());
		IllegalStateException otherFrame = new IllegalStateException("x");
		otherFrame.setStackTrace(new StackTraceElement[] { frame("com.example.Billing", "charge", 3),
				frame("org.springframework.web.servlet.DispatcherServlet", "doDispatch", 1) });
		assertThat(FailureFingerprint.of(otherType)).isNotEqualTo(FailureFingerprint.of(failure));
		assertThat(FailureFingerprint.of(otherFrame)).isNotEqualTo(FailureFingerprint.of(failure));
	}

	@Test
	void frameworkFramesAndGeneratedClassNamesDoNotTakePart() {
		IllegalStateException plain = new IllegalStateException();
		plain.setStackTrace(new StackTraceElement[] { frame("com.example.Orders", "place", 1),
				frame("org.springframework.aop.Proxy", "invoke", 2) });
		IllegalStateException proxied = new IllegalStateException();
		proxied.setStackTrace(new StackTraceElement[] { frame("com.example.Orders$$SpringCGLIB$$0", "place", 7),
				frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", 3),
				frame("org.springframework.aop.Other", "invoke", 2) });
		assertThat(FailureFingerprint.of(proxied)).isEqualTo(FailureFingerprint.of(plain));
	}

	@Test
	void theRootCauseIsFingerprintedAndACyclicCauseChainEnds() {
		IllegalStateException root = failure("root", 1, 2);
		RuntimeException wrapper = new RuntimeException("wrapper", root);
		assertThat(FailureFingerprint.of(wrapper)).isEqualTo(FailureFingerprint.of(root));
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);
		assertThat(FailureFingerprint.of(first)).hasSize(16);
		assertThat(FailureFingerprint.rootCause(first)).isSameAs(second);
	}

	private static IllegalStateException failure(String message, int line1, int line2) {
		IllegalStateException error = new IllegalStateException(message);
		error.setStackTrace(new StackTraceElement[] { frame("com.example.Orders", "place", line1),
				frame("org.springframework.web.servlet.DispatcherServlet", "doDispatch", 1),
				frame("com.example.OrdersController", "post", line2) });
		return error;
	}

	private static StackTraceElement frame(String type, String method, int line) {
		return new StackTraceElement(type, method, type + ".java", line);
	}

}
