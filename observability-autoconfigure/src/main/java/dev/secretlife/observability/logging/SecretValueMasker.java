package dev.secretlife.observability.logging;

import java.util.List;

import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * Masks secrets inside the string values of a JSON log line: the message, MDC values, key-values and the stack trace
 * (so exception messages too), by the rules of {@link SecretText}.
 */
public final class SecretValueMasker implements ValueMasker {

	private final SecretText text;

	/**
	 * Creates a masker.
	 * @param keys the secret keys whose values are masked in {@code key=value} text
	 * @param maskBearerTokens whether to mask {@code Bearer} and {@code DPoP} tokens wherever they appear
	 * @param extraPatterns further regular expressions whose matches are masked whole
	 * @param mask the text written instead of a secret
	 */
	public SecretValueMasker(List<String> keys, boolean maskBearerTokens, List<String> extraPatterns, String mask) {
		this.text = new SecretText(keys, maskBearerTokens, extraPatterns, mask);
	}

	@Override
	public @Nullable Object mask(@Nullable TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text) || text.isEmpty()) {
			return null;
		}
		return this.text.maskText(text);
	}

}
