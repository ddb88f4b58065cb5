package dev.secretlife.observability.errors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Computes a failure's fingerprint, as an error tracker groups failures: the class of the root cause and the
 * application frames of its stack trace (class and method, without line numbers or file names), hashed. The same
 * failure has the same fingerprint on every host and after changes that only move lines; neither the message nor
 * the frames of the framework (Spring, the servlet container, the JDK) take part.
 * <p>
 * Thread-safe.
 */
public final class FailureFingerprint {

	/** Packages whose frames are the framework's, not the application's. */
	public static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.",
			"com.sun.", "kotlin.", "kotlinx.", "scala.", "org.springframework.", "org.apache.", "org.eclipse.jetty.",
			"io.netty.", "reactor.", "io.micrometer.", "io.opentelemetry.", "ch.qos.logback.", "org.slf4j.",
			"net.logstash.", "org.hibernate.", "com.zaxxer.", "org.h2.", "org.postgresql.", "tools.jackson.",
			"com.fasterxml.", "net.bytebuddy.", "dev.secretlife.observability.autoconfigure.",
			"dev.secretlife.observability.errors.", "dev.secretlife.observability.jdbc.",
			"dev.secretlife.observability.logging.", "dev.secretlife.observability.requestid.",
			"dev.secretlife.observability.tracing.", "dev.secretlife.observability.unit.",
			"dev.secretlife.observability.web.");

	/** At most this many application frames take part. */
	static final int MAX_FRAMES = 12;

	/** Frames that take part when the stack trace has no application frame at all. */
	static final int FALLBACK_FRAMES = 3;

	/** How deep the cause chain is followed to its root; a cycle ends it earlier. */
	static final int MAX_CAUSE_DEPTH = 32;

	private static final HexFormat HEX = HexFormat.of();

	private FailureFingerprint() {
	}

	/**
	 * Returns the fingerprint of a failure.
	 * @param error the failure
	 * @return 16 lower-case hexadecimal digits
	 */
	public static String of(Throwable error) {
		Throwable root = rootCause(error);
		StringBuilder text = new StringBuilder(256).append(root.getClass().getName());
		StackTraceElement[] frames = root.getStackTrace();
		int taken = 0;
		for (StackTraceElement frame : frames) {
			if (taken == MAX_FRAMES) {
				break;
			}
			if (isApplicationFrame(frame.getClassName())) {
				append(text, frame);
				taken++;
			}
		}
		for (int i = 0; taken == 0 && i < Math.min(FALLBACK_FRAMES, frames.length); i++) {
			append(text, frames[i]);
		}
		return HEX.formatHex(sha256(text.toString()), 0, 8);
	}

	/**
	 * Returns the innermost cause of a failure, stopping at a cycle in the cause chain.
	 * @param error the failure
	 * @return its root cause, or the failure itself
	 */
	public static Throwable rootCause(Throwable error) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable current = error;
		for (int depth = 0; depth < MAX_CAUSE_DEPTH && seen.add(current); depth++) {
			Throwable cause = current.getCause();
			if (cause == null || seen.contains(cause)) {
				return current;
			}
			current = cause;
		}
		return current;
	}

	/**
	 * Tells whether a frame's class is the application's.
	 * @param className the class name
	 * @return whether it is in none of the {@link #FRAMEWORK_PACKAGES}
	 */
	static boolean isApplicationFrame(String className) {
		for (String framework : FRAMEWORK_PACKAGES) {
			if (className.startsWith(framework)) {
				return false;
			}
		}
		return true;
	}

	private static void append(StringBuilder text, StackTraceElement frame) {
		String className = frame.getClassName();
		// Generated class names (CGLIB proxies, lambdas) differ between runs.
		int generated = className.indexOf("$$");
		if (generated < 0) {
			generated = className.indexOf("$Lambda");
		}
		text.append('\n').append((generated > 0) ? className.substring(0, generated) : className).append('.')
			.append(frame.getMethodName());
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is a required algorithm of every JVM", ex);
		}
	}

}
