package dev.secretlife.observability.errors;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The failures seen since the application started, grouped by {@link FailureFingerprint fingerprint}, as an error
 * tracker lists them: per fingerprint the exception class, the kind of unit, its route or task, how many times, when
 * first and last, the request ID and trace ID of the last occurrence, and its message, masked as log messages are and
 * cut to a maximum length.
 * <p>
 * Bounded: at most {@code maxFingerprints} groups; when it is full, a new fingerprint replaces the one seen least
 * recently (counted in {@link #evicted()}). Thread-safe.
 */
public final class FailureTable implements FailureRecorder {

	private final int maxFingerprints;

	private final int maxMessageLength;

	private final UnaryOperator<String> messageMasker;

	private final Clock clock;

	private final Map<String, Group> groups = new ConcurrentHashMap<>();

	private final AtomicLong evicted = new AtomicLong();

	/**
	 * Creates the table.
	 * @param maxFingerprints maximum number of fingerprints kept
	 * @param maxMessageLength maximum length of a kept message; longer ones are cut and end with {@code ...}
	 * @param messageMasker masks the secrets of a message, as log messages are masked
	 * @param clock the clock of the first and last seen times
	 */
	public FailureTable(int maxFingerprints, int maxMessageLength, UnaryOperator<String> messageMasker, Clock clock) {
		this.maxFingerprints = Math.max(1, maxFingerprints);
		this.maxMessageLength = Math.max(0, maxMessageLength);
		this.messageMasker = messageMasker;
		this.clock = clock;
	}

	@Override
	public void record(Failure failure) {
		Instant now = this.clock.instant();
		Group group = this.groups.get(failure.fingerprint());
		if (group == null) {
			synchronized (this.groups) {
				group = this.groups.get(failure.fingerprint());
				if (group == null) {
					if (this.groups.size() >= this.maxFingerprints) {
						evictLeastRecentlySeen();
					}
					group = new Group(failure, now);
					this.groups.put(failure.fingerprint(), group);
				}
			}
		}
		group.seen(failure, message(failure.error()), now);
	}

	private void evictLeastRecentlySeen() {
		this.groups.values()
			.stream()
			.min(Comparator.comparing(Group::lastSeen))
			.ifPresent((oldest) -> {
				this.groups.remove(oldest.fingerprint);
				this.evicted.incrementAndGet();
			});
	}

	/**
	 * Returns the message of an exception as the table keeps it: masked and cut, or a note when it cannot be read.
	 * @param error the exception
	 * @return the message, or {@code null} when it has none
	 */
	@Nullable String message(Throwable error) {
		String message;
		try {
			message = error.getMessage();
		}
		catch (RuntimeException | LinkageError ex) {
			return "(message unavailable: " + ex.getClass().getName() + ")";
		}
		if (message == null) {
			return null;
		}
		// Cut before masking, so that a huge message costs no more than a short one; a margin keeps a secret that
		// straddles the cut recognisable.
		int margin = Math.min(message.length(), this.maxMessageLength * 2 + 64);
		String masked = this.messageMasker.apply(message.substring(0, margin));
		return (masked.length() <= this.maxMessageLength) ? masked
				: masked.substring(0, this.maxMessageLength) + "...";
	}

	/**
	 * Returns the number of fingerprints in the table.
	 * @return the number of distinct failures kept
	 */
	public int size() {
		return this.groups.size();
	}

	/**
	 * Returns how many fingerprints were dropped to make room for new ones.
	 * @return the number of evicted fingerprints
	 */
	public long evicted() {
		return this.evicted.get();
	}

	/**
	 * Returns the failures, the most recently seen first.
	 * @return a snapshot of the table
	 */
	public List<Entry> entries() {
		List<Entry> entries = new ArrayList<>(this.groups.size());
		for (Group group : this.groups.values()) {
			entries.add(group.entry());
		}
		entries.sort(Comparator.comparing(Entry::lastSeen).reversed());
		return entries;
	}

	/**
	 * One fingerprint's failures.
	 * @param fingerprint the fingerprint
	 * @param exception the exception's class name
	 * @param kind the kind of unit ({@code http}, {@code task}, {@code async})
	 * @param name the route of a request, {@code Class.method} of a task
	 * @param method the HTTP method, or {@code null}
	 * @param count how many times it happened
	 * @param firstSeen when it first happened
	 * @param lastSeen when it last happened
	 * @param lastRequestId the request ID (or run ID) of the last occurrence, or {@code null}
	 * @param lastTraceId the trace ID of the last occurrence, or {@code null}
	 * @param message the last occurrence's message, masked and cut, or {@code null}
	 */
	public record Entry(String fingerprint, String exception, String kind, String name, @Nullable String method,
			long count, Instant firstSeen, Instant lastSeen, @Nullable String lastRequestId,
			@Nullable String lastTraceId, @Nullable String message) {
	}

	private static final class Group {

		private final String fingerprint;

		private final String exception;

		private final String kind;

		private final String name;

		private final @Nullable String method;

		private final Instant firstSeen;

		private long count;

		private Instant lastSeen;

		private @Nullable String lastRequestId;

		private @Nullable String lastTraceId;

		private @Nullable String message;

		Group(Failure failure, Instant now) {
			this.fingerprint = failure.fingerprint();
			this.exception = failure.exceptionClass();
			this.kind = failure.kind().tagValue();
			this.name = failure.name();
			this.method = failure.method();
			this.firstSeen = now;
			this.lastSeen = now;
		}

		synchronized void seen(Failure failure, @Nullable String message, Instant now) {
			this.count++;
			if (now.isAfter(this.lastSeen)) {
				this.lastSeen = now;
			}
			this.lastRequestId = failure.requestId();
			this.lastTraceId = failure.traceId();
			this.message = message;
		}

		synchronized Instant lastSeen() {
			return this.lastSeen;
		}

		synchronized Entry entry() {
			return new Entry(this.fingerprint, this.exception, this.kind, this.name, this.method, this.count,
					this.firstSeen, this.lastSeen, this.lastRequestId, this.lastTraceId, this.message);
		}

	}

}
