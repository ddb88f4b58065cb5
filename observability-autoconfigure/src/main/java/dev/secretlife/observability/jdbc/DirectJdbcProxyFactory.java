package dev.secretlife.observability.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ParameterKey;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.proxy.Stopwatch;
import net.ttddyy.dsproxy.transform.ParameterTransformer;
import net.ttddyy.dsproxy.transform.QueryTransformer;
import org.jspecify.annotations.Nullable;

/**
 * The starter's proxies for connections and statements: they give the query listeners the same
 * {@link ExecutionInfo} and {@link QueryInfo} that datasource-proxy's own proxies give them, for a fraction of the
 * cost per JDBC call.
 * <p>
 * datasource-proxy runs every JDBC call through its method-listener machinery (a context object, a stopwatch, the
 * listener loop) and then through a chain of set lookups, before deciding that most calls ({@code setAutoCommit},
 * {@code getWarnings}, a statement's {@code close}, ...) only need to be passed on; an ORM makes dozens of those per
 * transaction. The starter registers no method listener, no query or parameter transformer, and no result-set or
 * generated-keys proxies, so for a data source it configures that machinery has no observable effect. These proxies
 * do only what remains: they record the parameters a prepared or callable statement is given, collect batches, and
 * around each execution build the {@link ExecutionInfo} and {@link QueryInfo} list, call the listeners, and time the
 * call with the configured stopwatch. They keep the connection's isolation level, commit and rollback counts and
 * closed state, hand {@link ProxyJdbcObject#getTarget()}, {@code unwrap}, {@code isWrapperFor}, {@code equals},
 * {@code hashCode} and {@code toString} as datasource-proxy does, return the proxy from
 * {@link Statement#getConnection()}, and invoke every other method on the target directly. Proxy classes are looked
 * up once; creating a proxy is one constructor call.
 * <p>
 * A configuration that uses any of datasource-proxy's other features (see {@link #isDirect(ProxyConfig)}) gets
 * datasource-proxy's own proxies, unchanged.
 */
final class DirectJdbcProxyFactory implements JdbcProxyFactory {

	/** The methods by which a prepared or callable statement is given a parameter, as datasource-proxy records them. */
	private static final Set<String> PARAMETER_METHODS = Set.of("setArray", "setAsciiStream", "setBigDecimal",
			"setBinaryStream", "setBlob", "setBoolean", "setByte", "setBytes", "setCharacterStream", "setClob",
			"setDate", "setDouble", "setFloat", "setInt", "setLong", "setNull", "setObject", "setRef", "setShort",
			"setString", "setTime", "setTimestamp", "setUnicodeStream", "setURL", "setRowId", "setNString",
			"setNCharacterStream", "setNClob", "setSQLXML", "registerOutParameter");

	/** What {@link #common} returns for a method that is not one of the common ones. */
	private static final Object NOT_COMMON = new Object();

	private static final Constructor<?> CONNECTION = proxyConstructor(Connection.class);

	private static final Constructor<?> STATEMENT = proxyConstructor(Statement.class);

	private static final Constructor<?> PREPARED_STATEMENT = proxyConstructor(PreparedStatement.class);

	private static final Constructor<?> CALLABLE_STATEMENT = proxyConstructor(CallableStatement.class);

	private final boolean recordParameters;

	/**
	 * Creates a factory whose statements record the parameters they are given, for listeners that read them.
	 */
	DirectJdbcProxyFactory() {
		this(true);
	}

	/**
	 * Creates a factory.
	 * @param recordParameters whether statements record their parameters into each {@link QueryInfo}; when no
	 * listener reads them, not recording saves a map, a key and an operation per parameter on every statement, and
	 * each {@link QueryInfo} gets an empty parameter list
	 */
	DirectJdbcProxyFactory(boolean recordParameters) {
		this.recordParameters = recordParameters;
	}

	@Override
	public DataSource createDataSource(DataSource dataSource, ProxyConfig proxyConfig) {
		return DEFAULT.createDataSource(dataSource, proxyConfig);
	}

	@Override
	public Connection createConnection(Connection connection, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		if (!isDirect(proxyConfig)) {
			return DEFAULT.createConnection(connection, connectionInfo, proxyConfig);
		}
		return (Connection) proxy(CONNECTION, new ConnectionHandler(connection, connectionInfo, proxyConfig));
	}

	@Override
	public Statement createStatement(Statement statement, ConnectionInfo connectionInfo, Connection proxyConnection,
			ProxyConfig proxyConfig) {
		if (!isDirect(proxyConfig)) {
			return DEFAULT.createStatement(statement, connectionInfo, proxyConnection, proxyConfig);
		}
		return statement(statement, connectionInfo, proxyConnection, proxyConfig);
	}

	@Override
	public PreparedStatement createPreparedStatement(PreparedStatement preparedStatement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig, boolean generateKey) {
		// generateKey only matters when generated keys are retrieved automatically, which isDirect excludes.
		if (!isDirect(proxyConfig)) {
			return DEFAULT.createPreparedStatement(preparedStatement, query, connectionInfo, proxyConnection,
					proxyConfig, generateKey);
		}
		return preparedStatement(preparedStatement, query, connectionInfo, proxyConnection, proxyConfig);
	}

	@Override
	public CallableStatement createCallableStatement(CallableStatement callableStatement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig) {
		if (!isDirect(proxyConfig)) {
			return DEFAULT.createCallableStatement(callableStatement, query, connectionInfo, proxyConnection,
					proxyConfig);
		}
		return callableStatement(callableStatement, query, connectionInfo, proxyConnection, proxyConfig);
	}

	@Override
	public ResultSet createResultSet(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		return DEFAULT.createResultSet(resultSet, connectionInfo, proxyConfig);
	}

	@Override
	public ResultSet createGeneratedKeys(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		return DEFAULT.createGeneratedKeys(resultSet, connectionInfo, proxyConfig);
	}

	/**
	 * Whether this factory's own proxies serve a configuration: no method listener, no query or parameter
	 * transformer, no result-set or generated-keys proxy, no automatic retrieval of generated keys. Otherwise
	 * datasource-proxy's proxies do, as they implement those features.
	 * @param proxyConfig the configuration
	 * @return whether the direct proxies give the listeners exactly what datasource-proxy's would
	 */
	static boolean isDirect(ProxyConfig proxyConfig) {
		return proxyConfig.getMethodListener().getListeners().isEmpty()
				&& proxyConfig.getQueryTransformer() == QueryTransformer.DEFAULT
				&& proxyConfig.getParameterTransformer() == ParameterTransformer.DEFAULT
				&& !proxyConfig.isResultSetProxyEnabled() && !proxyConfig.isGeneratedKeysProxyEnabled()
				&& !proxyConfig.isAutoRetrieveGeneratedKeys();
	}

	/**
	 * The constructor of the proxy class that {@code JdkJdbcProxyFactory} uses for a JDBC type: same class loader,
	 * same interfaces, so the proxies are the same class as datasource-proxy's own.
	 */
	private static Constructor<?> proxyConstructor(Class<?> jdbcType) {
		Object prototype = Proxy.newProxyInstance(ProxyJdbcObject.class.getClassLoader(),
				new Class<?>[] { ProxyJdbcObject.class, jdbcType }, (proxy, method, args) -> null);
		try {
			return prototype.getClass().getConstructor(InvocationHandler.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("A JDK proxy class without its InvocationHandler constructor", ex);
		}
	}

	private static Statement statement(Statement statement, ConnectionInfo connectionInfo, Connection proxyConnection,
			ProxyConfig proxyConfig) {
		return (Statement) proxy(STATEMENT, new StatementHandler(statement, StatementType.STATEMENT, null,
				connectionInfo, proxyConnection, proxyConfig));
	}

	private static PreparedStatement preparedStatement(PreparedStatement statement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig) {
		return (PreparedStatement) proxy(PREPARED_STATEMENT, new StatementHandler(statement, StatementType.PREPARED,
				query, connectionInfo, proxyConnection, proxyConfig));
	}

	private static CallableStatement callableStatement(CallableStatement statement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig) {
		return (CallableStatement) proxy(CALLABLE_STATEMENT, new StatementHandler(statement, StatementType.CALLABLE,
				query, connectionInfo, proxyConnection, proxyConfig));
	}

	private static Object proxy(Constructor<?> constructor, InvocationHandler handler) {
		try {
			return constructor.newInstance(handler);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a JDBC proxy", ex);
		}
	}

	/**
	 * Invokes a method on the target, throwing what the target threw.
	 */
	private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * The methods every proxy answers as datasource-proxy's {@code ProxyLogicSupport} does.
	 * @return the answer, or {@link #NOT_COMMON} for any other method
	 */
	private static @Nullable Object common(String name, Object target, ProxyConfig proxyConfig,
			@Nullable Object[] args) throws Throwable {
		switch (name) {
			case "getTarget":
				return target;
			case "getProxyConfig":
				return proxyConfig;
			case "getDataSourceName":
				return proxyConfig.getDataSourceName();
			case "toString":
				return target.getClass().getSimpleName() + " [" + target + "]";
			case "hashCode":
				return target.hashCode();
			case "equals":
				Object other = args[0];
				return target.equals(other)
						|| (other instanceof ProxyJdbcObject proxy && target.equals(proxy.getTarget()));
			default:
				return NOT_COMMON;
		}
	}

	/**
	 * A connection: creates the statement proxies and keeps the {@link ConnectionInfo} up to date, as
	 * datasource-proxy's {@code ConnectionProxyLogic} does.
	 */
	private static final class ConnectionHandler implements InvocationHandler {

		private final Connection target;

		private final ConnectionInfo connectionInfo;

		private final ProxyConfig proxyConfig;

		ConnectionHandler(Connection target, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
			this.target = target;
			this.connectionInfo = connectionInfo;
			this.proxyConfig = proxyConfig;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			String name = method.getName();
			switch (name) {
				case "prepareStatement":
					return preparedStatement((PreparedStatement) DirectJdbcProxyFactory.invoke(this.target, method,
							args), (String) args[0], this.connectionInfo, (Connection) proxy, this.proxyConfig);
				case "prepareCall":
					return callableStatement((CallableStatement) DirectJdbcProxyFactory.invoke(this.target, method,
							args), (String) args[0], this.connectionInfo, (Connection) proxy, this.proxyConfig);
				case "createStatement":
					return statement((Statement) DirectJdbcProxyFactory.invoke(this.target, method, args),
							this.connectionInfo, (Connection) proxy, this.proxyConfig);
				case "close": {
					Object result = DirectJdbcProxyFactory.invoke(this.target, method, args);
					this.connectionInfo.setClosed(true);
					this.proxyConfig.getConnectionIdManager().addClosedId(this.connectionInfo.getConnectionId());
					return result;
				}
				case "commit": {
					Object result = DirectJdbcProxyFactory.invoke(this.target, method, args);
					this.connectionInfo.incrementCommitCount();
					return result;
				}
				case "rollback": {
					Object result = DirectJdbcProxyFactory.invoke(this.target, method, args);
					this.connectionInfo.incrementRollbackCount();
					return result;
				}
				case "setTransactionIsolation":
					this.connectionInfo.setIsolationLevel((Integer) args[0]);
					return DirectJdbcProxyFactory.invoke(this.target, method, args);
				default:
					Object common = common(name, this.target, this.proxyConfig, args);
					return (common != NOT_COMMON) ? common : DirectJdbcProxyFactory.invoke(this.target, method, args);
			}
		}

	}

	/**
	 * A plain, prepared or callable statement: records parameters and batches, and calls the query listeners around
	 * each execution with what datasource-proxy's {@code StatementProxyLogic} would give them.
	 */
	private static final class StatementHandler implements InvocationHandler {

		private final Statement target;

		private final StatementType type;

		/** The statement's SQL; {@code null} for a plain statement, whose SQL comes with each execution. */
		private final @Nullable String query;

		private final ConnectionInfo connectionInfo;

		private final Connection proxyConnection;

		private final ProxyConfig proxyConfig;

		/** Parameters by index or name; a parameter set twice keeps its last value, in its first position. */
		private @Nullable Map<ParameterKey, ParameterSetOperation> parameters;

		/** Whether parameters are recorded: a prepared or callable statement, and a listener reads them. */
		private final boolean recordParameters;

		private @Nullable List<Map<ParameterKey, ParameterSetOperation>> batchParameters;

		private @Nullable List<String> batchQueries;

		StatementHandler(Statement target, StatementType type, @Nullable String query, ConnectionInfo connectionInfo,
				Connection proxyConnection, ProxyConfig proxyConfig) {
			this.target = target;
			this.type = type;
			this.query = query;
			this.connectionInfo = connectionInfo;
			this.proxyConnection = proxyConnection;
			this.proxyConfig = proxyConfig;
			this.recordParameters = type != StatementType.STATEMENT
					&& (!(proxyConfig.getJdbcProxyFactory() instanceof DirectJdbcProxyFactory factory)
							|| factory.recordParameters);
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			String name = method.getName();
			switch (name) {
				case "executeQuery", "executeUpdate", "execute", "executeLargeUpdate":
					return execute(method, args, single(args), false, 0);
				case "executeBatch", "executeLargeBatch": {
					int size = batchSize();
					return execute(method, args, batch(), true, size);
				}
				case "addBatch":
					addBatch(args);
					return DirectJdbcProxyFactory.invoke(this.target, method, args);
				case "clearBatch":
					clearBatch();
					return DirectJdbcProxyFactory.invoke(this.target, method, args);
				case "clearParameters":
					if (this.parameters != null) {
						this.parameters.clear();
					}
					return DirectJdbcProxyFactory.invoke(this.target, method, args);
				case "getConnection":
					return this.proxyConnection;
				default:
					if (this.recordParameters && PARAMETER_METHODS.contains(name)) {
						recordParameter(method, args);
						return DirectJdbcProxyFactory.invoke(this.target, method, args);
					}
					Object common = common(name, this.target, this.proxyConfig, args);
					return (common != NOT_COMMON) ? common : DirectJdbcProxyFactory.invoke(this.target, method, args);
			}
		}

		private void recordParameter(Method method, Object[] args) {
			ParameterKey key;
			if (args[0] instanceof Integer index) {
				key = new ParameterKey(index);
			}
			else if (args[0] instanceof String parameterName) {
				key = new ParameterKey(parameterName);
			}
			else {
				return;
			}
			if (this.parameters == null) {
				this.parameters = new LinkedHashMap<>(8);
			}
			this.parameters.put(key, new ParameterSetOperation(method, args));
		}

		private void addBatch(@Nullable Object[] args) {
			if (this.type == StatementType.STATEMENT) {
				if (this.batchQueries == null) {
					this.batchQueries = new ArrayList<>();
				}
				this.batchQueries.add((String) args[0]);
				return;
			}
			if (this.batchParameters == null) {
				this.batchParameters = new ArrayList<>();
			}
			if (this.parameters != null) {
				this.batchParameters.add(new LinkedHashMap<>(this.parameters));
				this.parameters.clear();
			}
			else {
				this.batchParameters.add(new LinkedHashMap<>());
			}
		}

		private void clearBatch() {
			if (this.type == StatementType.STATEMENT) {
				if (this.batchQueries != null) {
					this.batchQueries.clear();
				}
			}
			else if (this.batchParameters != null) {
				this.batchParameters.clear();
			}
		}

		private int batchSize() {
			if (this.type == StatementType.STATEMENT) {
				return (this.batchQueries != null) ? this.batchQueries.size() : 0;
			}
			return (this.batchParameters != null) ? this.batchParameters.size() : 0;
		}

		/** The query of one execution: a plain statement's SQL argument, or the statement's SQL and parameters. */
		private List<QueryInfo> single(@Nullable Object[] args) {
			List<QueryInfo> queries = new ArrayList<>(1);
			if (this.type == StatementType.STATEMENT) {
				queries.add(new QueryInfo((args != null && args.length > 0) ? (String) args[0] : null));
			}
			else {
				QueryInfo query = new QueryInfo(this.query);
				query.getParametersList()
					.add((this.parameters != null) ? new ArrayList<>(this.parameters.values()) : new ArrayList<>());
				queries.add(query);
			}
			return queries;
		}

		/**
		 * The queries of a batch execution, which also empties the batch: one per SQL of a plain statement, or the
		 * statement's SQL with one parameter list per batch entry.
		 */
		private List<QueryInfo> batch() {
			List<QueryInfo> queries = new ArrayList<>();
			if (this.type == StatementType.STATEMENT) {
				if (this.batchQueries != null) {
					for (String sql : this.batchQueries) {
						queries.add(new QueryInfo(sql));
					}
					this.batchQueries.clear();
				}
			}
			else {
				QueryInfo query = new QueryInfo(this.query);
				if (this.batchParameters != null) {
					for (Map<ParameterKey, ParameterSetOperation> entry : this.batchParameters) {
						query.getParametersList().add(new ArrayList<>(entry.values()));
					}
					this.batchParameters.clear();
				}
				queries.add(query);
			}
			return queries;
		}

		private @Nullable Object execute(Method method, @Nullable Object[] args, List<QueryInfo> queries,
				boolean batch, int batchSize) throws Throwable {
			ExecutionInfo execution = new ExecutionInfo(this.connectionInfo, this.target, batch, batchSize, method,
					args);
			QueryExecutionListener listener = this.proxyConfig.getQueryListener();
			listener.beforeQuery(execution, queries);
			Stopwatch stopwatch = this.proxyConfig.getStopwatchFactory().create().start();
			try {
				Object result = method.invoke(this.target, args);
				execution.setElapsedTime(stopwatch.getElapsedTime());
				execution.setResult(result);
				execution.setSuccess(true);
				return result;
			}
			catch (InvocationTargetException ex) {
				execution.setElapsedTime(stopwatch.getElapsedTime());
				execution.setThrowable(ex.getTargetException());
				execution.setSuccess(false);
				throw ex.getTargetException();
			}
			finally {
				listener.afterQuery(execution, queries);
			}
		}

	}

}
