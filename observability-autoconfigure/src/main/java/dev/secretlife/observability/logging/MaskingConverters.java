package dev.secretlife.observability.logging;

import java.util.List;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.event.KeyValuePair;

/**
 * Logback conversion words that write the parts of a log event that can hold secrets with the same masks as the JSON
 * output, for readable (pattern) output on the console and in files:
 * <ul>
 * <li>{@value #MESSAGE}: the formatted message, masked by {@link SecretText};</li>
 * <li>{@value #KEY_VALUES}: the SLF4J key-values as {@code key=value}, the value masked whole when the key is secret
 * ({@link SecretFieldMasker}) and by {@link SecretText} otherwise;</li>
 * <li>{@value #THROWABLE}: the stack trace (exception messages included) between line breaks, as Spring Boot's
 * {@code %wEx}, masked by {@link SecretText}.</li>
 * </ul>
 * The words are registered once per JVM in logback's default converters (its contexts are reset, and their
 * registries cleared, whenever Spring Boot reinitializes logging); the masks they apply are those of the last
 * {@link #register} call, made before Spring Boot initializes logging.
 */
public final class MaskingConverters {

	/** Conversion word of the masked message. */
	public static final String MESSAGE = "maskedMessage";

	/** Conversion word of the masked key-values. */
	public static final String KEY_VALUES = "maskedKeyValues";

	/** Conversion word of the masked stack trace. */
	public static final String THROWABLE = "maskedThrowable";

	private static volatile Masks masks = new Masks(SecretText.DEFAULT_KEYS, true, List.of());

	private MaskingConverters() {
	}

	/**
	 * Registers the conversion words (once) and sets the masks they apply.
	 * @param keys the secret keys
	 * @param maskBearerTokens whether to mask {@code Bearer} and {@code DPoP} tokens
	 * @param valuePatterns further regular expressions whose matches are masked
	 */
	public static void register(List<String> keys, boolean maskBearerTokens, List<String> valuePatterns) {
		masks = new Masks(keys, maskBearerTokens, valuePatterns);
		synchronized (PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP) {
			PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(MESSAGE, MessageConverter::new);
			PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(KEY_VALUES, KeyValuesConverter::new);
			PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(THROWABLE, ThrowableConverter::new);
		}
	}

	static String masked(String text) {
		String masked = masks.values.maskText(text);
		return (masked != null) ? masked : text;
	}

	private record Masks(SecretText values, SecretFieldMasker fields) {

		Masks(List<String> keys, boolean maskBearerTokens, List<String> valuePatterns) {
			this(new SecretText(keys, maskBearerTokens, valuePatterns, SecretText.MASK),
					new SecretFieldMasker(keys, SecretText.MASK));
		}

	}

	/** {@value #MESSAGE}: the formatted message, masked. */
	public static final class MessageConverter extends ClassicConverter {

		@Override
		public String convert(ILoggingEvent event) {
			String message = event.getFormattedMessage();
			return (message != null) ? masked(message) : "";
		}

	}

	/** {@value #KEY_VALUES}: {@code key=value} pairs separated by spaces, masked. */
	public static final class KeyValuesConverter extends ClassicConverter {

		@Override
		public String convert(ILoggingEvent event) {
			List<KeyValuePair> pairs = event.getKeyValuePairs();
			if (pairs == null || pairs.isEmpty()) {
				return "";
			}
			Masks current = masks;
			StringBuilder out = new StringBuilder(64);
			for (KeyValuePair pair : pairs) {
				if (!out.isEmpty()) {
					out.append(' ');
				}
				String key = String.valueOf(pair.key);
				out.append(key).append('=');
				if (current.fields.isSecret(key)) {
					out.append(SecretText.MASK);
				}
				else {
					String value = String.valueOf(pair.value);
					String masked = current.values.maskText(value);
					out.append((masked != null) ? masked : value);
				}
			}
			return out.toString();
		}

	}

	/** {@value #THROWABLE}: the stack trace between line breaks, as Spring Boot's {@code %wEx}, masked. */
	public static final class ThrowableConverter extends ExtendedThrowableProxyConverter {

		@Override
		protected String throwableProxyToString(IThrowableProxy throwableProxy) {
			return CoreConstants.LINE_SEPARATOR + masked(super.throwableProxyToString(throwableProxy))
					+ CoreConstants.LINE_SEPARATOR;
		}

	}

}
