package dev.secretlife.observability.unit;

import java.util.List;
import java.util.function.Supplier;

import dev.secretlife.observability.logging.PathMasker;
import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What every unit-of-work handler shares: whether statements are accounted, the MDC key of the unit's ID, what to
 * open on the thread while listeners run, and the listeners. One instance serves every handler.
 */
public final class UnitOfWorkSupport {

	private static final Log logger = LogFactory.getLog(UnitOfWorkSupport.class);

	private final boolean accountStatements;

	private final boolean trackShapes;

	private final @Nullable String requestIdMdcKey;

	private final LogContext logContext;

	private final Supplier<List<UnitOfWorkListener>> listenersSupplier;

	private volatile @Nullable List<UnitOfWorkListener> listeners;

	private final PathMasker paths;

	/**
	 * Creates the support.
	 * @param accountStatements whether units account their JDBC statements
	 * @param trackShapes whether they also count statements per shape, for N+1 detection
	 * @param requestIdMdcKey the MDC key of the unit's ID, or {@code null} to leave the MDC alone
	 * @param logContext opens what the unit's log lines need on the thread that ends it (its span, for the trace ID)
	 * @param listeners the listeners, in order; asked for on the first unit's end, so that creating the handlers
	 * (with the observation registry, early) creates none of them
	 */
	public UnitOfWorkSupport(boolean accountStatements, boolean trackShapes, @Nullable String requestIdMdcKey,
			LogContext logContext, Supplier<List<UnitOfWorkListener>> listeners) {
		this(accountStatements, trackShapes, requestIdMdcKey, logContext, listeners, new PathMasker());
	}

	/**
	 * Creates the support.
	 * @param accountStatements whether units account their JDBC statements
	 * @param trackShapes whether they also count statements per shape, for N+1 detection
	 * @param requestIdMdcKey the MDC key of the unit's ID, or {@code null} to leave the MDC alone
	 * @param logContext opens what the unit's log lines need on the thread that ends it (its span, for the trace ID)
	 * @param listeners the listeners, in order; asked for on the first unit's end
	 * @param paths makes a request's raw path the {@link UnitOfWork#path() path} that its lines log
	 */
	public UnitOfWorkSupport(boolean accountStatements, boolean trackShapes, @Nullable String requestIdMdcKey,
			LogContext logContext, Supplier<List<UnitOfWorkListener>> listeners, PathMasker paths) {
		this.paths = paths;
		this.accountStatements = accountStatements;
		this.trackShapes = trackShapes;
		this.requestIdMdcKey = requestIdMdcKey;
		this.logContext = logContext;
		this.listenersSupplier = listeners;
	}

	UnitOfWork start(UnitOfWork.Kind kind, Observation.Context context) {
		UnitOfWork unit = new UnitOfWork(kind, this.accountStatements ? new UnitStatements(this.trackShapes) : null);
		context.put(UnitOfWork.class, unit);
		return unit;
	}

	String loggedPath(String rawPath) {
		return this.paths.mask(rawPath);
	}

	@Nullable String requestIdMdcKey() {
		return this.requestIdMdcKey;
	}

	/**
	 * Tells every listener that the unit ended, with the unit's trace and ID in the MDC.
	 * @param unit the unit, its facts set
	 * @param context its observation's context
	 */
	void ended(UnitOfWork unit, Observation.Context context) {
		List<UnitOfWorkListener> listeners = listeners();
		if (listeners.isEmpty()) {
			return;
		}
		String id = unit.requestId();
		RequestId.Scope idScope = (id != null && !id.equals(RequestId.get())) ? RequestId.open(id, this.requestIdMdcKey)
				: null;
		AutoCloseable traceScope = this.logContext.open(context);
		try {
			for (UnitOfWorkListener listener : listeners) {
				try {
					listener.onEnd(unit);
				}
				catch (RuntimeException ex) {
					// A listener must never change what the application does.
					logger.debug("Unit of work listener failed", ex);
				}
			}
		}
		finally {
			close(traceScope);
			if (idScope != null) {
				idScope.close();
			}
		}
	}

	private List<UnitOfWorkListener> listeners() {
		List<UnitOfWorkListener> listeners = this.listeners;
		if (listeners == null) {
			listeners = List.copyOf(this.listenersSupplier.get());
			this.listeners = listeners;
		}
		return listeners;
	}

	private static void close(@Nullable AutoCloseable scope) {
		if (scope != null) {
			try {
				scope.close();
			}
			catch (Exception ex) {
				logger.debug("Could not close a scope", ex);
			}
		}
	}

	/**
	 * Opens, on the thread that ends a unit, what its log lines need besides its ID: with tracing, its span, so that
	 * the trace ID is in the MDC (the observation's own scope is already closed when it stops).
	 */
	@FunctionalInterface
	public interface LogContext {

		/** Opens nothing. */
		LogContext NONE = (context) -> null;

		/**
		 * Opens the context of a unit's observation.
		 * @param context the observation's context
		 * @return what to close after the listeners ran, or {@code null}
		 */
		@Nullable AutoCloseable open(Observation.Context context);

	}

}
