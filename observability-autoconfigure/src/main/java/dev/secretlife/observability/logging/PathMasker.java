package dev.secretlife.observability.logging;

import java.util.List;

/**
 * Makes a raw request path fit for a log line. URLs carry secrets that no header-based rule sees: a reset link's
 * token ({@code /reset-password/<token>}), a session ID in a path parameter ({@code ;jsessionid=...}), a key in the
 * path itself. So the path is, in one pass:
 * <ol>
 * <li>cut to the maximum length, ending with {@code ...};</li>
 * <li>stripped of path parameters: everything from a {@code ;} to the end of its segment;</li>
 * <li>masked: a segment that follows a segment ending with a secret key ({@code reset-password}, {@code token},
 * compared as {@link SecretFieldMasker} compares field names) is replaced by the mask, and the
 * {@link SecretText} rules apply to what remains ({@code key=value} inside a segment, a URL's password).</li>
 * </ol>
 * Thread-safe; its cost is linear in the (capped) length of the path.
 */
public final class PathMasker {

	/** The default maximum length of a logged path. */
	public static final int DEFAULT_MAX_LENGTH = 512;

	private static final String ELLIPSIS = "...";

	private final char[][] keys;

	private final SecretText values;

	private final int maxLength;

	/**
	 * Creates a path masker with the default secret keys.
	 */
	public PathMasker() {
		this(SecretText.DEFAULT_KEYS, true, List.of(), DEFAULT_MAX_LENGTH);
	}

	/**
	 * Creates a path masker.
	 * @param keys the secret keys
	 * @param maskBearerTokens whether to mask {@code Bearer} and {@code DPoP} tokens
	 * @param valuePatterns further regular expressions whose matches are masked
	 * @param maxLength the maximum length of a logged path, at least 1
	 */
	public PathMasker(List<String> keys, boolean maskBearerTokens, List<String> valuePatterns, int maxLength) {
		this.keys = SecretKeys.normalized(keys);
		this.values = new SecretText(keys, maskBearerTokens, valuePatterns, SecretText.MASK);
		this.maxLength = Math.max(1, maxLength);
	}

	/**
	 * Returns the path as it may be logged.
	 * @param rawPath the raw path, as the server received it
	 * @return the cut, stripped and masked path
	 */
	public String mask(String rawPath) {
		boolean cut = rawPath.length() > this.maxLength;
		int length = cut ? this.maxLength : rawPath.length();
		StringBuilder out = null;
		boolean maskNext = false;
		int segmentStart = 0;
		while (segmentStart <= length) {
			int slash = indexOf(rawPath, '/', segmentStart, length);
			int segmentEnd = (slash >= 0) ? slash : length;
			int parameters = indexOf(rawPath, ';', segmentStart, segmentEnd);
			int valueEnd = (parameters >= 0) ? parameters : segmentEnd;
			boolean masked = maskNext && valueEnd > segmentStart;
			if (out == null && (masked || parameters >= 0)) {
				out = new StringBuilder(length + ELLIPSIS.length()).append(rawPath, 0, segmentStart);
			}
			if (out != null) {
				if (masked) {
					out.append(SecretText.MASK);
				}
				else {
					out.append(rawPath, segmentStart, valueEnd);
				}
				if (slash >= 0) {
					out.append('/');
				}
			}
			if (valueEnd > segmentStart || slash < 0) {
				maskNext = !masked && valueEnd > segmentStart && isSecretKey(rawPath, valueEnd);
			}
			if (slash < 0) {
				break;
			}
			segmentStart = slash + 1;
		}
		String path = (out != null) ? out.toString() : rawPath.substring(0, length);
		String masked = this.values.maskText(path);
		if (masked != null) {
			path = masked;
		}
		return cut ? path + ELLIPSIS : path;
	}

	private boolean isSecretKey(CharSequence text, int end) {
		if (SecretKeys.isSeparator(text.charAt(end - 1))) {
			return false;
		}
		for (char[] key : this.keys) {
			if (SecretKeys.endsWith(text, end, key)) {
				return true;
			}
		}
		return false;
	}

	private static int indexOf(String text, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

}
