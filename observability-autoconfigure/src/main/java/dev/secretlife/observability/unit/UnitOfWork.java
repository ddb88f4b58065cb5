package dev.secretlife.observability.unit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.secretlife.observability.logging.LogLineBuffer;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work: an HTTP request, a scheduled run or a consumed message. Created when Spring's observation of the unit starts, current
 * on a thread while the observation's scope is open there, and handed to every {@link UnitOfWorkListener} when the
 * observation stops, with the facts its convention reported ({@link #route()}, {@link #outcome()}, ...), so that
 * everything the starter writes about the unit agrees with Spring's own metrics.
 */
public final class UnitOfWork {

	private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

	private final Kind kind;

	private final long startNanos;

	private final @Nullable UnitStatements statements;

	private @Nullable String requestId;

	private String name = "";

	private String method = "";

	private String route = "";

	private String path = "";

	private String pathWithinApplication = "";

	private int status;

	private String outcome = "";

	private @Nullable String consumerGroup;

	private @Nullable Throwable error;

	private long durationNanos;

	private @Nullable Map<String, Object> fields;

	private volatile @Nullable LogLineBuffer logLines;

	/**
	 * Creates a unit that starts now.
	 * @param kind what kind of work it is
	 * @param statements where its JDBC statements are accounted, or {@code null} for nowhere
	 */
	public UnitOfWork(Kind kind, @Nullable UnitStatements statements) {
		this.kind = kind;
		this.statements = statements;
		this.startNanos = System.nanoTime();
	}

	/**
	 * Returns the unit of work current on this thread.
	 * @return the unit, or {@code null} outside any
	 */
	public static @Nullable UnitOfWork current() {
		Scope scope = CURRENT.get();
		return (scope != null) ? scope.unit : null;
	}

	static @Nullable Scope currentScope() {
		return CURRENT.get();
	}

	/**
	 * Makes this unit current on this thread until the returned scope is closed (on the same thread). The
	 * unit-of-work handlers do this wherever the unit's observation is in scope.
	 * @param onClose what else to close with the scope, or {@code null}
	 * @return the scope
	 */
	public Scope enter(@Nullable AutoCloseable onClose) {
		Scope scope = new Scope(this, CURRENT.get(), onClose);
		CURRENT.set(scope);
		return scope;
	}

	/**
	 * Adds a field to the unit's summary line, or replaces the value of one added before. Application code adds its
	 * own facts this way ({@code UnitOfWork.current()}), from a thread on which the unit is current.
	 * @param name the field name, for example {@code cacheHits}
	 * @param value the value: a number, boolean or string
	 */
	public void put(String name, Object value) {
		Map<String, Object> fields = this.fields;
		if (fields == null) {
			fields = new LinkedHashMap<>(4);
			this.fields = fields;
		}
		fields.put(name, value);
	}

	/**
	 * Returns the fields added with {@link #put}, in the order they were first added.
	 * @return an unmodifiable view of the fields
	 */
	public Map<String, Object> fields() {
		Map<String, Object> fields = this.fields;
		return (fields != null) ? Collections.unmodifiableMap(fields) : Map.of();
	}

	/**
	 * Returns the unit's held-back log lines ({@code observability.logging.buffer.level}), creating their buffer on
	 * first use. The unit may be current on several threads at once (async continuations): the buffer is created once.
	 * @param create creates the buffer for this unit, called at most once
	 * @return the unit's buffer
	 */
	public LogLineBuffer logLines(Function<UnitOfWork, LogLineBuffer> create) {
		LogLineBuffer lines = this.logLines;
		if (lines == null) {
			synchronized (this) {
				lines = this.logLines;
				if (lines == null) {
					lines = create.apply(this);
					this.logLines = lines;
				}
			}
		}
		return lines;
	}

	/**
	 * Returns what kind of work this is.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Returns the unit's JDBC statements.
	 * @return the statements, or {@code null} when they are not accounted (JDBC instrumentation off)
	 */
	public @Nullable UnitStatements statements() {
		return this.statements;
	}

	/**
	 * Returns the ID that joins the unit's log lines: the request ID of an HTTP request, a generated one for a run.
	 * @return the ID, or {@code null} when there is none (request IDs switched off)
	 */
	public @Nullable String requestId() {
		return this.requestId;
	}

	void setRequestId(@Nullable String requestId) {
		this.requestId = requestId;
	}

	/**
	 * Returns the unit's name: the route of a request ({@link #route()}), {@code Class.method} of a scheduled task,
	 * the topic of a message.
	 * Bounded: never a raw path. Set when the unit ends.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the HTTP method, as the {@code method} tag of {@code http.server.requests}; empty for a task.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Returns the route, as the {@code uri} tag of {@code http.server.requests}; empty for a task.
	 * @return the route
	 */
	public String route() {
		return this.route;
	}

	/**
	 * Returns the request path (with the context path) as log lines may show it: path parameters ({@code ;jsessionid=})
	 * stripped, secrets masked, length capped (see {@code PathMasker}); empty for a task. Never a metric tag.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Returns the request path without the context path, for matching path patterns; empty for a task.
	 * @return the path
	 */
	public String pathWithinApplication() {
		return this.pathWithinApplication;
	}

	/**
	 * Returns the response status of a request; 0 for a task.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the outcome, as the {@code outcome} tag of Spring's observation ({@code SUCCESS},
	 * {@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code ERROR}, ...).
	 * @return the outcome
	 */
	public String outcome() {
		return this.outcome;
	}

	/**
	 * Returns the exception that ended the unit, as Spring's observation recorded it (the application's exception,
	 * not the container's wrapper).
	 * @return the exception, or {@code null}
	 */
	public @Nullable Throwable error() {
		return this.error;
	}

	/**
	 * Returns how long the unit took, from the start of its observation to its end.
	 * @return nanoseconds
	 */
	public long durationNanos() {
		return this.durationNanos;
	}

	/**
	 * Returns whether the unit failed: an exception, a 5xx, or a task that threw.
	 * @return whether it failed
	 */
	public boolean failed() {
		return this.error != null || this.status >= 500;
	}

	void endRequest(String method, String route, String path, String pathWithinApplication, int status, String outcome,
			@Nullable Throwable error) {
		this.method = method;
		this.route = route;
		this.name = route;
		this.path = path;
		this.pathWithinApplication = pathWithinApplication;
		this.status = status;
		this.outcome = outcome;
		end(error);
	}

	/**
	 * Returns the consumer group of a consumed message.
	 * @return the group, or {@code null} for other units and for a consumer without a group
	 */
	public @Nullable String consumerGroup() {
		return this.consumerGroup;
	}

	void endMessage(String topic, @Nullable String consumerGroup, String outcome, @Nullable Throwable error) {
		this.name = topic;
		this.consumerGroup = consumerGroup;
		this.outcome = outcome;
		end(error);
	}

	void endTask(String name, String outcome, @Nullable Throwable error) {
		this.name = name;
		this.outcome = outcome;
		end(error);
	}

	private void end(@Nullable Throwable error) {
		this.error = error;
		this.durationNanos = System.nanoTime() - this.startNanos;
	}

	/**
	 * The kinds of unit of work.
	 */
	public enum Kind {

		/** An HTTP request, servlet or reactive. */
		HTTP,

		/** A run of a {@code @Scheduled} method. */
		TASK,

		/** One delivery of a message to a listener (a Kafka record). */
		MESSAGE

	}

	/**
	 * A unit being current on a thread; closing it makes the one current before current again.
	 */
	public static final class Scope implements AutoCloseable {

		private final UnitOfWork unit;

		private final @Nullable Scope previous;

		private final @Nullable AutoCloseable onClose;

		private Scope(UnitOfWork unit, @Nullable Scope previous, @Nullable AutoCloseable onClose) {
			this.unit = unit;
			this.previous = previous;
			this.onClose = onClose;
		}

		UnitOfWork unit() {
			return this.unit;
		}

		@Override
		public void close() {
			if (this.previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(this.previous);
			}
			if (this.onClose != null) {
				try {
					this.onClose.close();
				}
				catch (Exception ex) {
					// Closing a request ID scope cannot fail; nothing else is passed here.
				}
			}
		}

	}

}
