package dev.secretlife.observability.requestid;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Lets context propagation (Reactor's automatic mode, {@code ContextSnapshot}-wrapped executors) carry the request
 * ID: restoring it sets the thread-local behind {@link RequestId#current()} and the MDC entry together, and resetting
 * clears both, so a pooled thread never keeps another request's ID.
 */
public final class RequestIdThreadLocalAccessor implements ThreadLocalAccessor<String> {

	private final @Nullable String mdcKey;

	public RequestIdThreadLocalAccessor(@Nullable String mdcKey) {
		this.mdcKey = mdcKey;
	}

	@Override
	public Object key() {
		return RequestId.CONTEXT_KEY;
	}

	@Override
	public @Nullable String getValue() {
		return RequestId.get();
	}

	@Override
	public void setValue(String value) {
		RequestId.set(value);
		if (this.mdcKey != null) {
			MDC.put(this.mdcKey, value);
		}
	}

	@Override
	public void setValue() {
		RequestId.set(null);
		if (this.mdcKey != null) {
			MDC.remove(this.mdcKey);
		}
	}

}
