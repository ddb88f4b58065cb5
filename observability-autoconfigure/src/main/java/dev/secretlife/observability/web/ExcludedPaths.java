package dev.secretlife.observability.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Request paths left out (of traces, of the request log), as path patterns ({@code /actuator/**},
 * {@code /internal/{id}/status}). A pattern of the common form {@code /prefix/**} is checked as a plain prefix,
 * without parsing the request path; only other patterns, and paths with encoded characters or matrix parameters
 * ({@code %}, {@code ;}), parse it.
 * <p>
 * Immutable and thread-safe; built once at startup.
 */
public final class ExcludedPaths {

	/** Literal prefixes of the {@code /prefix/**} patterns, checked without parsing a plain path. */
	private final List<String> prefixes = new ArrayList<>();

	/** The other patterns, for plain paths. */
	private final List<PathPattern> patterns = new ArrayList<>();

	/** Every pattern, for paths that need decoding. */
	private final List<PathPattern> allPatterns = new ArrayList<>();

	/**
	 * Creates the matcher.
	 * @param patterns the path patterns, relative to the context path
	 */
	public ExcludedPaths(List<String> patterns) {
		for (String pattern : patterns) {
			String trimmed = pattern.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			PathPattern parsed = PathPatternParser.defaultInstance.parse(trimmed);
			this.allPatterns.add(parsed);
			String prefix = trimmed.endsWith("/**") ? trimmed.substring(0, trimmed.length() - 3) : null;
			if (prefix != null && isLiteral(prefix)) {
				this.prefixes.add(prefix);
			}
			else {
				this.patterns.add(parsed);
			}
		}
	}

	private static boolean isLiteral(String path) {
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '*' || c == '?' || c == '{') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether there is no pattern at all.
	 * @return {@code true} when nothing is excluded
	 */
	public boolean isEmpty() {
		return this.allPatterns.isEmpty();
	}

	/**
	 * Returns whether a request path is excluded.
	 * @param path the request path, without the context path
	 * @return {@code true} when a pattern matches it
	 */
	public boolean matches(String path) {
		if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
			// Encoded characters or matrix parameters: match the decoded segments, as Spring MVC maps them.
			return anyMatches(this.allPatterns, path);
		}
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix)
					&& (path.length() == prefix.length() || path.charAt(prefix.length()) == '/' || prefix.endsWith("/"))) {
				return true;
			}
		}
		return anyMatches(this.patterns, path);
	}

	private static boolean anyMatches(List<PathPattern> patterns, String path) {
		if (patterns.isEmpty()) {
			return false;
		}
		PathContainer container = PathContainer.parsePath(path);
		for (PathPattern pattern : patterns) {
			if (pattern.matches(container)) {
				return true;
			}
		}
		return false;
	}

}
