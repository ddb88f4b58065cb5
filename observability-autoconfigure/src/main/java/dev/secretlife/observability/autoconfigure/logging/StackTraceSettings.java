package dev.secretlife.observability.autoconfigure.logging;

import java.util.Locale;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * How stack traces are written in the starter's JSON: Spring Boot's own {@code logging.structured.json.stacktrace.*}
 * keys, which also shape Boot's built-in JSON formats, so that there is one way to set each thing. The starter's
 * earlier {@code observability.logging.stack-trace.*} keys are deprecated and still read where Boot's key is not
 * set; the starter's defaults apply where neither is (root cause first, 30 frames per throwable, 16,384 characters,
 * a {@code stack_hash}: Boot's own formats print no hash unless asked, the starter's JSON always did).
 *
 * @param rootCauseFirst whether the root cause comes first ({@code logging.structured.json.stacktrace.root=first})
 * @param maxDepthPerThrowable frames written per throwable ({@code ...stacktrace.max-throwable-depth})
 * @param maxLength characters of the whole {@code stack_trace} field ({@code ...stacktrace.max-length})
 * @param hashes whether to write {@code stack_hash} ({@code ...stacktrace.include-hashes})
 */
record StackTraceSettings(boolean rootCauseFirst, int maxDepthPerThrowable, int maxLength, boolean hashes) {

	static final String PREFIX = "logging.structured.json.stacktrace";

	static StackTraceSettings from(Environment environment, LoggingProperties.StackTrace deprecated) {
		Binder binder = Binder.get(environment);
		boolean rootCauseFirst = binder.bind(PREFIX + ".root", String.class)
			.map((root) -> !"last".equals(root.trim().toLowerCase(Locale.ROOT)))
			.orElseGet(deprecated::isRootCauseFirst);
		int maxDepth = binder.bind(PREFIX + ".max-throwable-depth", Integer.class)
			.orElseGet(deprecated::getMaxDepthPerThrowable);
		int maxLength = binder.bind(PREFIX + ".max-length", Integer.class).orElseGet(deprecated::getMaxLength);
		boolean hashes = binder.bind(PREFIX + ".include-hashes", Boolean.class).orElse(true);
		return new StackTraceSettings(rootCauseFirst, maxDepth, maxLength, hashes);
	}

}
