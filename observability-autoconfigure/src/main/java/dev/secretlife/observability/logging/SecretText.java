package dev.secretlife.observability.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Masks secrets inside text: what {@link SecretValueMasker} applies to every string value of a JSON log line, what
 * {@link MaskingConverters} apply to readable lines and {@link PathMasker} to request paths. Free of logback and
 * Jackson. The rules:
 * <ul>
 * <li>{@code <secret key>=<value>}, {@code <secret key>: <value>} and {@code <secret key>><value><} (an XML
 * element): the value is masked, the key kept, so {@code login password=hunter2} becomes
 * {@code login password=****}. The key matches when the text before the separator ends with a secret key, ignoring
 * case and the separators {@code - _ .} (as {@link SecretFieldMasker} does for field names), with any whitespace
 * and a quote (also an escaped one, {@code \"}) between key and separator. A quoted value is masked up to its
 * closing quote, spaces included; an unquoted one up to whitespace, a quote, {@code &}, {@code <} or a {@code ,} /
 * {@code ;} that is followed by whitespace. The value of a key that ends with {@code cookie} or
 * {@code authorization} is masked to the end of the line (every cookie of a header, every parameter of a
 * {@code Digest} or AWS4 credential). An auth scheme ({@code Bearer}, {@code Basic}, {@code Token}, {@code Digest},
 * {@code DPoP}, {@code AWS4-HMAC-SHA256}, ...) at the start of a value is kept and what follows it masked;</li>
 * <li>the password of a URL, {@code scheme://user:<password>@host}, and of an Oracle JDBC URL,
 * {@code thin:user/<password>@host};</li>
 * <li>{@code Bearer <token>} and {@code DPoP <token>} anywhere: the token is masked;</li>
 * <li>any further regular expression the application configures: the whole match is masked.</li>
 * </ul>
 * All but the last rule are one hand-written pass over the text that looks back from each separator and forward
 * from each {@code b}/{@code d}: no regular expression, no backtracking, no allocation unless something is masked.
 * Every character is looked at a bounded number of times, so the cost grows linearly with the length of the text,
 * whatever it contains (a line without secrets costs a few comparisons per character). The configured patterns are
 * compiled once; their cost is the application's choice.
 */
public final class SecretText {

	/** What a secret is replaced with. */
	public static final String MASK = "****";

	/** The default secret keys. */
	public static final List<String> DEFAULT_KEYS = List.of("password", "passwd", "pwd", "pass", "secret",
			"secret_key", "private_key", "secret_access_key", "token", "access_token", "refresh_token",
			"authorization", "api_key", "apikey", "cookie", "set-cookie", "signature", "dpop", "credit_card");

	private static final String BEARER = "bearer";

	private static final String DPOP = "dpop";

	private static final String THIN = "thin";

	/** Schemes kept in front of a masked credential: RFC 9110 auth schemes and AWS's signature version 4. */
	private static final String[] SCHEMES = { BEARER, "basic", "token", "digest", DPOP, "negotiate", "ntlm",
			"aws4-hmac-sha256" };

	/** Normalized key suffixes whose value runs to the end of the line: headers that hold lists. */
	private static final String[] WHOLE_LINE_KEYS = { "cookie", "authorization" };

	private final char[][] keys;

	private final boolean[] wholeLine;

	private final boolean maskBearerTokens;

	private final List<Pattern> extraPatterns = new ArrayList<>();

	private final String mask;

	private final String quotedMask;

	/**
	 * Creates a masker.
	 * @param keys the secret keys whose values are masked in {@code key=value} text
	 * @param maskBearerTokens whether to mask {@code Bearer} and {@code DPoP} tokens wherever they appear
	 * @param extraPatterns further regular expressions whose matches are masked whole
	 * @param mask the text written instead of a secret
	 */
	public SecretText(List<String> keys, boolean maskBearerTokens, List<String> extraPatterns, String mask) {
		this.keys = SecretKeys.normalized(keys);
		this.wholeLine = new boolean[this.keys.length];
		for (int k = 0; k < this.keys.length; k++) {
			String key = new String(this.keys[k]);
			for (String suffix : WHOLE_LINE_KEYS) {
				this.wholeLine[k] |= key.endsWith(suffix);
			}
		}
		this.maskBearerTokens = maskBearerTokens;
		extraPatterns.forEach((regex) -> this.extraPatterns.add(Pattern.compile(regex)));
		this.mask = mask;
		this.quotedMask = Matcher.quoteReplacement(mask);
	}

	/**
	 * Masks the secrets in a text, as for a string value of a log event.
	 * @param text the text
	 * @return the masked text, or {@code null} when nothing was masked
	 */
	public @Nullable String maskText(CharSequence text) {
		String result = maskKeyValuesAndTokens(text);
		for (Pattern pattern : this.extraPatterns) {
			Matcher matcher = pattern.matcher((result != null) ? result : text);
			if (matcher.find()) {
				result = matcher.replaceAll(this.quotedMask);
			}
		}
		return result;
	}

	private @Nullable String maskKeyValuesAndTokens(CharSequence text) {
		StringBuilder out = null;
		int copied = 0;
		int length = text.length();
		int i = 0;
		// Values are found left to right and never overlap; a scan that finds no value stops at a character that
		// ends the scans of later positions too (the next separator, whitespace), so no character is scanned by
		// more than a few of them.
		while (i < length) {
			char c = text.charAt(i);
			long found = 0;
			if (c == '=' || c == ':') {
				found = (c == ':') ? urlPassword(text, i) : 0;
				if (found == 0 && this.keys.length > 0) {
					found = keyedValue(text, i, false);
				}
			}
			else if (c == '>' && this.keys.length > 0) {
				found = keyedValue(text, i, true);
			}
			else if ((c == 'b' || c == 'B' || c == 'd' || c == 'D') && this.maskBearerTokens) {
				found = standaloneToken(text, i);
			}
			if (found != 0) {
				int valueStart = (int) (found >>> 32);
				int valueEnd = (int) found;
				if (out == null) {
					out = new StringBuilder(length);
				}
				out.append(text, copied, valueStart).append(this.mask);
				copied = valueEnd;
				i = valueEnd;
				continue;
			}
			i++;
		}
		if (out == null) {
			return null;
		}
		return out.append(text, copied, length).toString();
	}

	private static long range(int start, int end) {
		return (end > start) ? ((long) start << 32) | end : 0;
	}

	/** The value after a secret key and the separator at {@code separator}, or 0. */
	private long keyedValue(CharSequence text, int separator, boolean xmlElement) {
		int key = xmlElement ? keyEndingAt(text, separator) : keyEndingBefore(text, separator);
		if (key < 0) {
			return 0;
		}
		int length = text.length();
		if (xmlElement) {
			int end = separator + 1;
			while (end < length && text.charAt(end) != '<' && !isLineBreak(text.charAt(end))) {
				end++;
			}
			return range(separator + 1, end);
		}
		int start = skipBlanks(text, separator + 1);
		int backslashes = 0;
		while (start + backslashes < length && text.charAt(start + backslashes) == '\\') {
			backslashes++;
		}
		if (start + backslashes < length && isQuote(text.charAt(start + backslashes))) {
			char quote = text.charAt(start + backslashes);
			int valueStart = skipScheme(text, start + backslashes + 1);
			return range(valueStart, closingQuote(text, valueStart, quote, backslashes));
		}
		if (backslashes > 0 || start >= length || text.charAt(start) == ',' || text.charAt(start) == ';') {
			return 0;
		}
		int valueStart = skipScheme(text, start);
		return range(valueStart, this.wholeLine[key] ? lineEnd(text, valueStart) : unquotedValueEnd(text, valueStart));
	}

	/**
	 * Index of the secret key that the text ends with right before {@code separator}, after optional whitespace and
	 * an optional (possibly escaped) quote; -1 when none does.
	 */
	private int keyEndingBefore(CharSequence text, int separator) {
		int end = separator;
		while (end > 0 && isBlank(text.charAt(end - 1))) {
			end--;
		}
		if (end > 0 && isQuote(text.charAt(end - 1))) {
			end--;
			while (end > 0 && text.charAt(end - 1) == '\\') {
				end--;
			}
		}
		return keyEndingAt(text, end);
	}

	private int keyEndingAt(CharSequence text, int end) {
		if (end == 0 || SecretKeys.isSeparator(text.charAt(end - 1))) {
			return -1;
		}
		for (int k = 0; k < this.keys.length; k++) {
			if (SecretKeys.endsWith(text, end, this.keys[k])) {
				return k;
			}
		}
		return -1;
	}

	/** The password of {@code scheme://user:password@host} or {@code thin:user/password@host}, or 0. */
	private static long urlPassword(CharSequence text, int colon) {
		int length = text.length();
		boolean url = colon + 2 < length && text.charAt(colon + 1) == '/' && text.charAt(colon + 2) == '/';
		boolean oracle = !url && colon >= THIN.length() && regionMatches(text, colon - THIN.length(), THIN);
		if (!url && !oracle) {
			return 0;
		}
		int authorityStart = url ? colon + 3 : colon + 1;
		char userSeparator = url ? ':' : '/';
		int passwordStart = -1;
		int at = -1;
		// The authority ends at the first '/', '?', '#' or blank after the user part; the last '@' before it ends
		// the password (an unencoded '@' in a password stays masked).
		for (int j = authorityStart; j < length; j++) {
			char c = text.charAt(j);
			if (c == '@') {
				at = j;
			}
			else if (c == userSeparator && passwordStart < 0) {
				passwordStart = j + 1;
			}
			else if (c == ':' && passwordStart < 0) {
				// An Oracle user name never holds a colon: this one starts another part of the text.
				break;
			}
			else if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || isQuote(c) || c == '<'
					|| c == '>') {
				break;
			}
		}
		return (passwordStart >= 0 && at >= passwordStart) ? range(passwordStart, at) : 0;
	}

	/** The token after a stand-alone {@code Bearer} or {@code DPoP}, or 0. */
	private static long standaloneToken(CharSequence text, int at) {
		if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
			return 0;
		}
		String scheme = (text.charAt(at) == 'b' || text.charAt(at) == 'B') ? BEARER : DPOP;
		int after = at + scheme.length();
		if (!regionMatches(text, at, scheme) || after >= text.length() || !isBlank(text.charAt(after))) {
			return 0;
		}
		int start = skipBlanks(text, after);
		if (start >= text.length() || text.charAt(start) == ',' || text.charAt(start) == ';') {
			return 0;
		}
		return range(start, unquotedValueEnd(text, start));
	}

	private static int skipBlanks(CharSequence text, int from) {
		int i = from;
		while (i < text.length() && isBlank(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int skipScheme(CharSequence text, int from) {
		for (String scheme : SCHEMES) {
			int afterScheme = from + scheme.length();
			if (afterScheme < text.length() && isBlank(text.charAt(afterScheme)) && regionMatches(text, from, scheme)) {
				int afterSpaces = skipBlanks(text, afterScheme);
				if (afterSpaces < text.length() && !isQuote(text.charAt(afterSpaces))
						&& !isLineBreak(text.charAt(afterSpaces))) {
					return afterSpaces;
				}
			}
		}
		return from;
	}

	/**
	 * End of a quoted value: the next quote preceded by as many backslashes as the opening one (an escaped quote
	 * inside a JSON string), or the next unescaped quote; the end of the text when it is not closed.
	 */
	private static int closingQuote(CharSequence text, int from, char quote, int backslashes) {
		int length = text.length();
		int run = 0;
		for (int i = from; i < length; i++) {
			char c = text.charAt(i);
			if (c == quote) {
				if ((backslashes == 0 && run % 2 == 0) || (backslashes > 0 && run >= backslashes)) {
					return i - ((backslashes > 0) ? backslashes : 0);
				}
			}
			run = (c == '\\') ? run + 1 : 0;
		}
		return length;
	}

	private static int lineEnd(CharSequence text, int from) {
		int i = from;
		while (i < text.length() && !isLineBreak(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int unquotedValueEnd(CharSequence text, int from) {
		int length = text.length();
		int i = from;
		while (i < length) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c) || isQuote(c) || c == '&' || c == '<' || c == '>') {
				break;
			}
			if ((c == ',' || c == ';') && (i + 1 == length || Character.isWhitespace(text.charAt(i + 1)))) {
				break;
			}
			i++;
		}
		return i;
	}

	private static boolean regionMatches(CharSequence text, int at, String lowerCase) {
		if (at < 0 || at + lowerCase.length() > text.length()) {
			return false;
		}
		for (int k = 0; k < lowerCase.length(); k++) {
			if (Character.toLowerCase(text.charAt(at + k)) != lowerCase.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isBlank(char c) {
		return c == ' ' || c == '\t';
	}

	private static boolean isLineBreak(char c) {
		return c == '\n' || c == '\r';
	}

	private static boolean isQuote(char c) {
		return c == '"' || c == '\'';
	}

}
