package dev.secretlife.observability.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * Masks secrets inside string values: the message, MDC values, key-values and the stack trace (so exception
 * messages too). Three rules:
 * <ul>
 * <li>{@code <secret key>=<value>} and {@code <secret key>: <value>} (also quoted, as in JSON or a map's
 * {@code toString()}): the value is masked, the key kept, so {@code login password=hunter2} becomes
 * {@code login password=****}. The key matches when the text before the separator ends with a secret key, ignoring
 * case and the separators {@code - _ .} (as {@link SecretFieldMasker} does for field names); an auth scheme
 * ({@code Bearer}, {@code Basic}) after the separator is kept and the credential after it masked;</li>
 * <li>{@code Bearer <token>} anywhere: the token is masked;</li>
 * <li>any further regular expression the application configures: the whole match is masked.</li>
 * </ul>
 * The first two rules are one hand-written pass over the text that looks back from each {@code =} and {@code :}
 * and forward from each {@code b}/{@code B}: no regular expression, no backtracking, no allocation unless something
 * is masked. Their cost grows linearly with the length of the text, whatever it contains. The configured patterns
 * are compiled once; their cost is the application's choice.
 */
public final class SecretValueMasker implements ValueMasker {

	private static final String BEARER = "bearer";

	private static final String BASIC = "basic";

	private static final int MAX_SPACES = 3;

	private final char[][] keys;

	private final boolean maskBearerTokens;

	private final List<Pattern> extraPatterns = new ArrayList<>();

	private final String mask;

	private final String quotedMask;

	/**
	 * Creates a masker.
	 * @param keys the secret keys whose values are masked in {@code key=value} text
	 * @param maskBearerTokens whether to mask {@code Bearer} tokens
	 * @param extraPatterns further regular expressions whose matches are masked whole
	 * @param mask the text written instead of a secret
	 */
	public SecretValueMasker(List<String> keys, boolean maskBearerTokens, List<String> extraPatterns, String mask) {
		this.keys = SecretFieldMasker.normalizedKeys(keys);
		this.maskBearerTokens = maskBearerTokens;
		extraPatterns.forEach((regex) -> this.extraPatterns.add(Pattern.compile(regex)));
		this.mask = mask;
		this.quotedMask = Matcher.quoteReplacement(mask);
	}

	@Override
	public @Nullable Object mask(@Nullable TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text) || text.isEmpty()) {
			return null;
		}
		String result = maskKeyValuesAndBearerTokens(text);
		for (Pattern pattern : this.extraPatterns) {
			Matcher matcher = pattern.matcher((result != null) ? result : text);
			if (matcher.find()) {
				result = matcher.replaceAll(this.quotedMask);
			}
		}
		return result;
	}

	private @Nullable String maskKeyValuesAndBearerTokens(CharSequence text) {
		StringBuilder out = null;
		int copied = 0;
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			int valueStart = -1;
			if ((c == '=' || c == ':') && this.keys.length > 0 && keyEndsBefore(text, i)) {
				valueStart = skipSchemeAndQuote(text, skipSpaces(text, i + 1));
			}
			else if ((c == 'b' || c == 'B') && this.maskBearerTokens && isBearer(text, i)) {
				valueStart = skipSpaces(text, i + BEARER.length());
				if (valueStart == i + BEARER.length()) {
					valueStart = -1;
				}
			}
			if (valueStart >= 0) {
				int valueEnd = valueEnd(text, valueStart);
				if (valueEnd > valueStart) {
					if (out == null) {
						out = new StringBuilder(length);
					}
					out.append(text, copied, valueStart).append(this.mask);
					copied = valueEnd;
					i = valueEnd;
					continue;
				}
			}
			i++;
		}
		if (out == null) {
			return null;
		}
		return out.append(text, copied, length).toString();
	}

	/** Whether a secret key ends right before the separator at {@code separator} (after optional spaces, quote). */
	private boolean keyEndsBefore(CharSequence text, int separator) {
		int end = separator;
		int spaces = 0;
		while (end > 0 && spaces < MAX_SPACES && Character.isWhitespace(text.charAt(end - 1))) {
			end--;
			spaces++;
		}
		if (end > 0 && isQuote(text.charAt(end - 1))) {
			end--;
		}
		if (end == 0 || SecretFieldMasker.isSeparator(text.charAt(end - 1))) {
			return false;
		}
		for (char[] key : this.keys) {
			if (SecretFieldMasker.endsWith(text, end, key)) {
				return true;
			}
		}
		return false;
	}

	private static int skipSpaces(CharSequence text, int from) {
		int i = from;
		while (i < text.length() && i - from < MAX_SPACES && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int skipSchemeAndQuote(CharSequence text, int from) {
		int i = from;
		if (i < text.length() && isQuote(text.charAt(i))) {
			i++;
		}
		for (String scheme : new String[] { BEARER, BASIC }) {
			int afterScheme = i + scheme.length();
			if (regionMatches(text, i, scheme) && afterScheme < text.length()
					&& Character.isWhitespace(text.charAt(afterScheme))) {
				int afterSpaces = skipSpaces(text, afterScheme);
				if (afterSpaces < text.length() && !isDelimiter(text.charAt(afterSpaces))) {
					return afterSpaces;
				}
			}
		}
		return i;
	}

	private static boolean isBearer(CharSequence text, int at) {
		if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
			return false;
		}
		int after = at + BEARER.length();
		return regionMatches(text, at, BEARER) && after < text.length()
				&& Character.isWhitespace(text.charAt(after));
	}

	private static boolean regionMatches(CharSequence text, int at, String lowerCase) {
		if (at + lowerCase.length() > text.length()) {
			return false;
		}
		for (int k = 0; k < lowerCase.length(); k++) {
			if (Character.toLowerCase(text.charAt(at + k)) != lowerCase.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private static int valueEnd(CharSequence text, int from) {
		int i = from;
		while (i < text.length() && !isDelimiter(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isDelimiter(char c) {
		return Character.isWhitespace(c) || isQuote(c) || c == ',' || c == ';' || c == '&' || c == '<' || c == '>';
	}

	private static boolean isQuote(char c) {
		return c == '"' || c == '\'';
	}

}
