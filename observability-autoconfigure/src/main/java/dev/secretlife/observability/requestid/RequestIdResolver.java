package dev.secretlife.observability.requestid;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Turns the headers of an incoming request into the request's ID: the first configured header that is present
 * decides. Its value is used when the resolver trusts incoming IDs, the header occurs exactly once, and the value is
 * {@link RequestIdValidator valid}. In every other case a new ID is {@link RequestIdGenerator generated}: a hostile
 * value is replaced, never echoed or logged, and the request goes on.
 * <p>
 * Immutable and thread-safe; built once at startup.
 */
public final class RequestIdResolver {

	private final List<String> headerNames;

	private final RequestIdValidator validator;

	private final RequestIdGenerator generator;

	private final boolean trustIncoming;

	private final @Nullable FallbackSource fallback;

	/**
	 * Creates a resolver.
	 * @param headerNames the headers that may carry an incoming ID, in order of preference
	 * @param validator the rules an incoming ID must pass
	 * @param generator makes the ID when there is no acceptable one
	 * @param trustIncoming whether incoming IDs are used at all ({@code false} for edge services)
	 */
	public RequestIdResolver(List<String> headerNames, RequestIdValidator validator, RequestIdGenerator generator,
			boolean trustIncoming) {
		if (headerNames.isEmpty()) {
			throw new IllegalArgumentException("At least one request ID header name is required");
		}
		this.headerNames = List.copyOf(headerNames);
		this.validator = validator;
		this.generator = generator;
		this.trustIncoming = trustIncoming;
		this.fallback = null;
	}

	private RequestIdResolver(RequestIdResolver resolver, FallbackSource fallback) {
		this.headerNames = resolver.headerNames;
		this.validator = resolver.validator;
		this.generator = resolver.generator;
		this.trustIncoming = resolver.trustIncoming;
		this.fallback = fallback;
	}

	/**
	 * Returns a resolver that, when none of the headers is present, also looks for the ID in {@code fallback} (for
	 * example the trace baggage a caller sent), under the same rules as a header value.
	 * @param fallback the further source
	 * @return a new resolver; this one is unchanged
	 */
	public RequestIdResolver withFallback(FallbackSource fallback) {
		return new RequestIdResolver(this, fallback);
	}

	/**
	 * Resolves the ID of one request.
	 * @param headerValues the lines a header has in the request, each value as received (never split at commas nor
	 * unquoted, so that every web stack gives the same answer), an empty list when it is absent
	 * @return the resolution, never {@code null}
	 */
	public Resolution resolve(Function<String, List<String>> headerValues) {
		if (!this.trustIncoming) {
			return new Resolution(this.generator.generate(), Origin.GENERATED_NOT_TRUSTED);
		}
		for (String name : this.headerNames) {
			List<String> values = headerValues.apply(name);
			if (values.isEmpty()) {
				continue;
			}
			if (values.size() == 1 && this.validator.isValid(values.get(0))) {
				return new Resolution(values.get(0), Origin.ACCEPTED);
			}
			return new Resolution(this.generator.generate(), Origin.GENERATED_REPLACING_INVALID);
		}
		if (this.fallback != null) {
			String candidate = acceptOrNull(this.fallback.find(headerValues));
			if (candidate != null) {
				return new Resolution(candidate, Origin.ACCEPTED);
			}
		}
		return new Resolution(this.generator.generate(), Origin.GENERATED);
	}

	/**
	 * Accepts one candidate value from a source other than a header (for example trace baggage), under the same rules.
	 * @param candidate the candidate value, may be {@code null}
	 * @return the candidate when it is valid and incoming IDs are trusted, else {@code null}
	 */
	public @Nullable String acceptOrNull(@Nullable String candidate) {
		return (this.trustIncoming && this.validator.isValid(candidate)) ? candidate : null;
	}

	public List<String> getHeaderNames() {
		return this.headerNames;
	}

	/**
	 * A source of the incoming ID other than the configured headers, consulted when none of them is present.
	 */
	@FunctionalInterface
	public interface FallbackSource {

		/**
		 * Finds a candidate ID in the request.
		 * @param headerValues the values a header has in the request, an empty list when it is absent
		 * @return the candidate, not yet validated, or {@code null}
		 */
		@Nullable String find(Function<String, List<String>> headerValues);

	}

	/**
	 * Where a request's ID came from.
	 */
	public enum Origin {

		/** Taken unchanged from a valid incoming header. */
		ACCEPTED,

		/** Generated: no incoming header was present. */
		GENERATED,

		/** Generated: the incoming value was invalid, or the header occurred more than once. */
		GENERATED_REPLACING_INVALID,

		/** Generated: incoming IDs are not trusted. */
		GENERATED_NOT_TRUSTED

	}

	/**
	 * The outcome of resolving one request's ID.
	 *
	 * @param id the ID to use, always valid
	 * @param origin where it came from
	 */
	public record Resolution(String id, Origin origin) {

		public boolean isGenerated() {
			return this.origin != Origin.ACCEPTED;
		}

	}

}
