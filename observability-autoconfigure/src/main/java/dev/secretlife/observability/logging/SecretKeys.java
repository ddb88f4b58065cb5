package dev.secretlife.observability.logging;

import java.util.List;
import java.util.Locale;

/**
 * Secret keys, compared as the maskers compare them: ignoring case and the separators {@code -}, {@code _} and
 * {@code .}, a name or text matching when it ends with a key. Free of logback and Jackson, so that the request path
 * masking works without them.
 */
final class SecretKeys {

	private SecretKeys() {
	}

	/**
	 * Tells whether {@code text} up to {@code end} (exclusive) ends with {@code key}, ignoring case and separators
	 * (at most as many separators as the key has characters).
	 */
	static boolean endsWith(CharSequence text, int end, char[] key) {
		int k = key.length - 1;
		// At most as many separators as the key has characters: a run of them costs no more than the key.
		int separators = 0;
		for (int i = end - 1; i >= 0 && k >= 0; i--) {
			char c = text.charAt(i);
			if (isSeparator(c)) {
				if (++separators > key.length) {
					return false;
				}
				continue;
			}
			if (Character.toLowerCase(c) != key[k]) {
				return false;
			}
			k--;
		}
		return k < 0;
	}

	static boolean isSeparator(char c) {
		return c == '-' || c == '_' || c == '.';
	}

	static char[][] normalized(List<String> keys) {
		return keys.stream()
			.map(SecretKeys::normalize)
			.filter((key) -> !key.isEmpty())
			.distinct()
			.map(String::toCharArray)
			.toArray(char[][]::new);
	}

	static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
			if (!isSeparator(c) && !Character.isWhitespace(c)) {
				normalized.append(c);
			}
		}
		return normalized.toString();
	}

}
