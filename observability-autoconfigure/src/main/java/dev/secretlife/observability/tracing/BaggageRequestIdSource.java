package dev.secretlife.observability.tracing;

import java.util.List;
import java.util.function.Function;

import dev.secretlife.observability.requestid.RequestIdResolver;
import org.jspecify.annotations.Nullable;

/**
 * Finds the caller's request ID in the W3C {@code baggage} header ({@code key=value;properties, ...}), so that a
 * service reuses its caller's ID when the ID header itself was not forwarded. The value is percent-decoded; the
 * {@link RequestIdResolver} then validates it under the same rules as an ID header.
 *
 * @see <a href="https://www.w3.org/TR/baggage/">W3C Baggage</a>
 */
public final class BaggageRequestIdSource implements RequestIdResolver.FallbackSource {

	/** Name of the W3C baggage header. */
	public static final String HEADER = "baggage";

	private final String key;

	/**
	 * Creates the source.
	 * @param key the baggage key that carries the request ID
	 */
	public BaggageRequestIdSource(String key) {
		this.key = key;
	}

	@Override
	public @Nullable String find(Function<String, List<String>> headerValues) {
		for (String header : headerValues.apply(HEADER)) {
			String value = valueOf(header);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The value of the key in one baggage header. One pass: every character is read once to find the member's end and
	 * its {@code =}, and at most once more to compare the key or read the value, so the cost is linear in the
	 * header's length whatever it holds ({@code ,,,,...}, {@code ====...}).
	 */
	@Nullable String valueOf(CharSequence header) {
		int length = header.length();
		int start = 0;
		while (start < length) {
			int end = start;
			int equals = -1;
			while (end < length) {
				char c = header.charAt(end);
				if (c == ',') {
					break;
				}
				if (c == '=' && equals < 0) {
					equals = end;
				}
				end++;
			}
			if (equals > start && isKey(header, start, equals)) {
				int valueEnd = equals + 1;
				while (valueEnd < end && header.charAt(valueEnd) != ';') {
					valueEnd++;
				}
				return percentDecode(trimmed(header, equals + 1, valueEnd));
			}
			start = end + 1;
		}
		return null;
	}

	private boolean isKey(CharSequence header, int start, int end) {
		String key = trimmed(header, start, end);
		return key.equals(this.key);
	}

	private static String trimmed(CharSequence text, int start, int end) {
		int from = start;
		int to = end;
		while (from < to && text.charAt(from) <= ' ') {
			from++;
		}
		while (to > from && text.charAt(to - 1) <= ' ') {
			to--;
		}
		return text.subSequence(from, to).toString();
	}

	/**
	 * Decodes {@code %XX} escapes; a malformed escape makes the whole value unusable.
	 */
	static @Nullable String percentDecode(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		StringBuilder decoded = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '%') {
				decoded.append(c);
				continue;
			}
			if (i + 2 >= value.length()) {
				return null;
			}
			int high = Character.digit(value.charAt(i + 1), 16);
			int low = Character.digit(value.charAt(i + 2), 16);
			if (high < 0 || low < 0) {
				return null;
			}
			decoded.append((char) ((high << 4) | low));
			i += 2;
		}
		return decoded.toString();
	}

}
