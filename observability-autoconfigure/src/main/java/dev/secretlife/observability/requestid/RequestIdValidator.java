package dev.secretlife.observability.requestid;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether an incoming request ID may be used as it is: 1 to {@code maxLength} characters, each a letter,
 * a digit or one of {@code - . _ : + / =} (so UUIDs, ULIDs, hex, base64 and most vendor formats pass). Anything else
 * (CR/LF, control characters, non-ASCII, spaces, quotes, an empty or over-long value) is rejected, so a hostile value
 * can neither split a header nor a log line.
 */
public final class RequestIdValidator {

	/** Default maximum length of an accepted ID. */
	public static final int DEFAULT_MAX_LENGTH = 128;

	private static final boolean[] ALLOWED = new boolean[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			ALLOWED[c] = true;
		}
		for (char c = 'A'; c <= 'Z'; c++) {
			ALLOWED[c] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			ALLOWED[c] = true;
		}
		for (char c : "-._:+/=".toCharArray()) {
			ALLOWED[c] = true;
		}
	}

	private final int maxLength;

	public RequestIdValidator(int maxLength) {
		if (maxLength < 1) {
			throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
		}
		this.maxLength = maxLength;
	}

	public int getMaxLength() {
		return this.maxLength;
	}

	public boolean isValid(@Nullable String candidate) {
		if (candidate == null) {
			return false;
		}
		int length = candidate.length();
		if (length == 0 || length > this.maxLength) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = candidate.charAt(i);
			if (c >= 128 || !ALLOWED[c]) {
				return false;
			}
		}
		return true;
	}

}
