package dev.secretlife.observability.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.logstash.logback.mask.FieldMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * Masks the value of every field, at any depth (MDC entries, key-values, structured arguments and the maps and
 * objects inside them), whose name ends with one of the secret keys. Names are compared ignoring case and the
 * separators {@code -}, {@code _} and {@code .}: the key {@code api_key} masks {@code apiKey}, {@code X-API-KEY}
 * and {@code stripe.api-key}; the key {@code password} masks {@code dbPassword}.
 * <p>
 * The comparison walks the name backwards without allocating; its answer for a name is remembered (field names are
 * few and constant: {@code requestId}, {@code status}, ...), so that the field of every event costs one hash lookup.
 * At most {@value #MAX_REMEMBERED_NAMES} names of at most {@value #MAX_REMEMBERED_NAME_LENGTH} characters are
 * remembered, so that names made from data (keys of a logged map) cannot fill the heap.
 */
public final class SecretFieldMasker implements FieldMasker {

	static final int MAX_REMEMBERED_NAMES = 1024;

	static final int MAX_REMEMBERED_NAME_LENGTH = 64;

	private final char[][] keys;

	private final Object mask;

	private final Map<String, Boolean> rememberedNames = new ConcurrentHashMap<>();

	/**
	 * Creates a masker.
	 * @param keys the secret keys
	 * @param mask the value written instead of a secret
	 */
	public SecretFieldMasker(List<String> keys, String mask) {
		this.keys = SecretKeys.normalized(keys);
		this.mask = mask;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		if (!context.hasCurrentName()) {
			return null;
		}
		String name = context.currentName();
		return (name != null && isSecret(name)) ? this.mask : null;
	}

	/**
	 * Tells whether a field of this name holds a secret.
	 * @param name the field name
	 * @return whether the name ends with a secret key
	 */
	public boolean isSecret(String name) {
		Boolean remembered = this.rememberedNames.get(name);
		if (remembered != null) {
			return remembered;
		}
		boolean secret = endsWithAnyKey(name);
		if (name.length() <= MAX_REMEMBERED_NAME_LENGTH && this.rememberedNames.size() < MAX_REMEMBERED_NAMES) {
			this.rememberedNames.put(name, secret);
		}
		return secret;
	}

	private boolean endsWithAnyKey(String name) {
		for (char[] key : this.keys) {
			if (endsWith(name, key)) {
				return true;
			}
		}
		return false;
	}

	private static boolean endsWith(String name, char[] key) {
		return SecretKeys.endsWith(name, name.length(), key);
	}

}
