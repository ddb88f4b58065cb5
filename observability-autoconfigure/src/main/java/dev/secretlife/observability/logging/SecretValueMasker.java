package dev.secretlife.observability.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * Masks secrets inside string values: the message, MDC values, key-values and the stack trace (so exception
 * messages too). Three rules, each a precompiled pattern applied once per string value:
 * <ul>
 * <li>{@code <secret key>=<value>} and {@code <secret key>: <value>} (also quoted, as in JSON or a map's
 * {@code toString()}): the value is masked, the key kept, so {@code login password=hunter2} becomes
 * {@code login password=****};</li>
 * <li>{@code Bearer <token>} anywhere: the token is masked;</li>
 * <li>any further pattern the application configures: the whole match is masked.</li>
 * </ul>
 * The patterns have no nested quantifiers and use possessive ones for the value, so their cost grows linearly with
 * the length of the string (no catastrophic backtracking, whatever the input).
 */
public final class SecretValueMasker implements ValueMasker {

	/** Matches a bearer token; group 1 is the scheme and its spaces, kept in the output. */
	static final String BEARER_TOKEN = "(?i)(\\bbearer\\s{1,8})[A-Za-z0-9\\-._~+/]++=*+";

	private final List<Pattern> patterns = new ArrayList<>();

	private final List<String> replacements = new ArrayList<>();

	/**
	 * Creates a masker.
	 * @param keys the secret keys whose values are masked in {@code key=value} text
	 * @param maskBearerTokens whether to mask {@code Bearer} tokens
	 * @param extraPatterns further regular expressions whose matches are masked whole
	 * @param mask the text written instead of a secret
	 */
	public SecretValueMasker(List<String> keys, boolean maskBearerTokens, List<String> extraPatterns, String mask) {
		String quotedMask = Matcher.quoteReplacement(mask);
		if (maskBearerTokens) {
			add(BEARER_TOKEN, "$1" + quotedMask);
		}
		if (!keys.isEmpty()) {
			add(keyValuePattern(keys), "$1" + quotedMask);
		}
		for (String extra : extraPatterns) {
			add(extra, quotedMask);
		}
	}

	private void add(String regex, String replacement) {
		this.patterns.add(Pattern.compile(regex));
		this.replacements.add(replacement);
	}

	static String keyValuePattern(List<String> keys) {
		String alternatives = keys.stream()
			.map(SecretFieldMasker::normalize)
			.filter((key) -> !key.isEmpty())
			.distinct()
			.map(SecretValueMasker::separatorTolerant)
			.collect(Collectors.joining("|"));
		// key, optional closing quote, = or :, optional opening quote; then an optional auth scheme and the value
		return "(?i)((?:" + alternatives + ")[\"']?\\s{0,3}[=:]\\s{0,3}[\"']?)(?:(?:bearer|basic)\\s{1,8})?"
				+ "[^\\s\"',;&<>]++";
	}

	private static String separatorTolerant(String normalizedKey) {
		// "apikey" also matches "api_key", "api-key" and "api.key"
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < normalizedKey.length(); i++) {
			if (i > 0) {
				regex.append("[-_.]?");
			}
			regex.append(Pattern.quote(String.valueOf(normalizedKey.charAt(i))));
		}
		return regex.toString();
	}

	@Override
	public @Nullable Object mask(@Nullable TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text) || text.isEmpty()) {
			return null;
		}
		String result = null;
		for (int i = 0; i < this.patterns.size(); i++) {
			CharSequence input = (result != null) ? result : text;
			Matcher matcher = this.patterns.get(i).matcher(input);
			if (matcher.find()) {
				result = matcher.replaceAll(this.replacements.get(i));
			}
		}
		return result;
	}

}
