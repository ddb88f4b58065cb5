package dev.secretlife.observability.unit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Base of the observation handlers that turn an observation into a {@link UnitOfWork}: creates the unit when the
 * observation starts, makes it current wherever the observation's scope is open, and, when it stops, reads the
 * facts that the observation's convention computed and tells the listeners.
 * <p>
 * Registered after Spring Boot's tracing and metrics handlers, so that it stops first: the span has not ended
 * when the listeners run.
 * @param <C> the observation context
 */
public abstract class AbstractUnitOfWorkHandler<C extends Observation.Context> implements ObservationHandler<C> {

	private final UnitOfWork.Kind kind;

	private final UnitOfWorkSupport support;

	protected AbstractUnitOfWorkHandler(UnitOfWork.Kind kind, UnitOfWorkSupport support) {
		this.kind = kind;
		this.support = support;
	}

	@Override
	public void onStart(C context) {
		UnitOfWork unit = this.support.start(this.kind, context);
		started(context, unit);
	}

	@Override
	public void onScopeOpened(C context) {
		UnitOfWork unit = context.get(UnitOfWork.class);
		if (unit != null) {
			unit.enter(openOnThread(unit));
		}
	}

	@Override
	public void onScopeClosed(C context) {
		UnitOfWork unit = context.get(UnitOfWork.class);
		UnitOfWork.Scope scope = UnitOfWork.currentScope();
		if (unit != null && scope != null && scope.unit() == unit) {
			scope.close();
		}
	}

	@Override
	public void onStop(C context) {
		UnitOfWork unit = context.get(UnitOfWork.class);
		if (unit != null) {
			ended(context, unit);
			this.support.ended(unit, context);
		}
	}

	/**
	 * Returns the support this handler was created with.
	 * @return the support
	 */
	protected UnitOfWorkSupport support() {
		return this.support;
	}

	/**
	 * Called when the unit has started.
	 * @param context the observation's context
	 * @param unit the new unit
	 */
	protected abstract void started(C context, UnitOfWork unit);

	/**
	 * Opens what else the unit needs on a thread while it is current there.
	 * @param unit the unit
	 * @return what to close with the unit's scope, or {@code null}
	 */
	protected @Nullable AutoCloseable openOnThread(UnitOfWork unit) {
		return null;
	}

	/**
	 * Sets the facts of the unit from its stopped observation.
	 * @param context the observation's context, with the convention's key values
	 * @param unit the unit
	 */
	protected abstract void ended(C context, UnitOfWork unit);

	/**
	 * Returns the value of one of the convention's low-cardinality keys.
	 * @param context the context
	 * @param key the key
	 * @param fallback the value when the convention set none
	 * @return the value
	 */
	/**
	 * Returns a request's raw path as its lines may log it: path parameters stripped, secrets masked, length capped.
	 * @param rawPath the raw path
	 * @return the path to log
	 */
	protected final String loggedPath(String rawPath) {
		return this.support.loggedPath(rawPath);
	}

	protected static String keyValue(Observation.Context context, String key, String fallback) {
		var keyValue = context.getLowCardinalityKeyValue(key);
		return (keyValue != null) ? keyValue.getValue() : fallback;
	}

}
