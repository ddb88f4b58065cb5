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
import java.util.Set;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.proxy.jdk.CallableStatementInvocationHandler;
import net.ttddyy.dsproxy.proxy.jdk.ConnectionInvocationHandler;
import net.ttddyy.dsproxy.proxy.jdk.PreparedStatementInvocationHandler;
import net.ttddyy.dsproxy.proxy.jdk.StatementInvocationHandler;

/**
 * datasource-proxy's JDK proxies for connections and statements, with the calls that no query listener sees sent
 * straight to the driver.
 * <p>
 * datasource-proxy runs every JDBC call through its method-listener machinery (a context object, a stopwatch, the
 * listener loop) before deciding that most of them ({@code setAutoCommit}, {@code getWarnings}, {@code close} on a
 * statement, ...) only need to be passed on; an ORM makes dozens of such calls per transaction. The starter registers
 * no method listener, so for those calls that machinery has no observable effect. This factory's proxies hand the
 * calls datasource-proxy's logic acts on (statement creation, parameters, batches, executions, result sets, the
 * connection's commit, rollback, close and isolation level, {@code unwrap}, {@code equals}, ...) to its own
 * invocation handlers, unchanged, and invoke every other method on the target directly. Proxy classes are created
 * once; creating a proxy is one constructor call instead of {@link Proxy#newProxyInstance}'s lookup.
 * <p>
 * With a method listener configured, every call goes through datasource-proxy as usual.
 */
final class PassThroughJdbcProxyFactory implements JdbcProxyFactory {

	/** The connection methods {@code ConnectionProxyLogic} acts on; every other one only reaches the target. */
	static final Set<String> CONNECTION_METHODS = Set.of("getTarget", "getProxyConfig", "getDataSourceName", "unwrap",
			"isWrapperFor", "toString", "equals", "hashCode", "setTransactionIsolation", "createStatement",
			"prepareStatement", "prepareCall", "commit", "rollback", "close");

	/**
	 * The statement methods {@code StatementProxyLogic} acts on (its {@code METHODS_TO_INTERCEPT}); every other one
	 * only reaches the target.
	 */
	static final Set<String> STATEMENT_METHODS = Set.of("getTarget", "getProxyConfig", "getDataSourceName", "unwrap",
			"isWrapperFor", "toString", "equals", "hashCode", "getConnection", "setArray", "setAsciiStream",
			"setBigDecimal", "setBinaryStream", "setBlob", "setBoolean", "setByte", "setBytes", "setCharacterStream",
			"setClob", "setDate", "setDouble", "setFloat", "setInt", "setLong", "setNull", "setObject", "setRef",
			"setShort", "setString", "setTime", "setTimestamp", "setUnicodeStream", "setURL", "setRowId",
			"setNString", "setNCharacterStream", "setNClob", "setSQLXML", "clearParameters", "registerOutParameter",
			"addBatch", "clearBatch", "executeBatch", "executeLargeBatch", "executeQuery", "executeUpdate", "execute",
			"executeLargeUpdate", "getGeneratedKeys", "getResultSet");

	private static final Constructor<?> CONNECTION = proxyConstructor(Connection.class);

	private static final Constructor<?> STATEMENT = proxyConstructor(Statement.class);

	private static final Constructor<?> PREPARED_STATEMENT = proxyConstructor(PreparedStatement.class);

	private static final Constructor<?> CALLABLE_STATEMENT = proxyConstructor(CallableStatement.class);

	@Override
	public DataSource createDataSource(DataSource dataSource, ProxyConfig proxyConfig) {
		return DEFAULT.createDataSource(dataSource, proxyConfig);
	}

	@Override
	public Connection createConnection(Connection connection, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		if (hasMethodListeners(proxyConfig)) {
			return DEFAULT.createConnection(connection, connectionInfo, proxyConfig);
		}
		return (Connection) proxy(CONNECTION, connection,
				new ConnectionInvocationHandler(connection, connectionInfo, proxyConfig), CONNECTION_METHODS);
	}

	@Override
	public Statement createStatement(Statement statement, ConnectionInfo connectionInfo, Connection proxyConnection,
			ProxyConfig proxyConfig) {
		if (hasMethodListeners(proxyConfig)) {
			return DEFAULT.createStatement(statement, connectionInfo, proxyConnection, proxyConfig);
		}
		return (Statement) proxy(STATEMENT, statement,
				new StatementInvocationHandler(statement, connectionInfo, proxyConnection, proxyConfig),
				STATEMENT_METHODS);
	}

	@Override
	public PreparedStatement createPreparedStatement(PreparedStatement preparedStatement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig, boolean generateKey) {
		if (hasMethodListeners(proxyConfig)) {
			return DEFAULT.createPreparedStatement(preparedStatement, query, connectionInfo, proxyConnection,
					proxyConfig, generateKey);
		}
		return (PreparedStatement) proxy(PREPARED_STATEMENT, preparedStatement,
				new PreparedStatementInvocationHandler(preparedStatement, query, connectionInfo, proxyConnection,
						proxyConfig, generateKey),
				STATEMENT_METHODS);
	}

	@Override
	public CallableStatement createCallableStatement(CallableStatement callableStatement, String query,
			ConnectionInfo connectionInfo, Connection proxyConnection, ProxyConfig proxyConfig) {
		if (hasMethodListeners(proxyConfig)) {
			return DEFAULT.createCallableStatement(callableStatement, query, connectionInfo, proxyConnection,
					proxyConfig);
		}
		return (CallableStatement) proxy(CALLABLE_STATEMENT, callableStatement,
				new CallableStatementInvocationHandler(callableStatement, query, connectionInfo, proxyConnection,
						proxyConfig),
				STATEMENT_METHODS);
	}

	@Override
	public ResultSet createResultSet(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		return DEFAULT.createResultSet(resultSet, connectionInfo, proxyConfig);
	}

	@Override
	public ResultSet createGeneratedKeys(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
		return DEFAULT.createGeneratedKeys(resultSet, connectionInfo, proxyConfig);
	}

	private static boolean hasMethodListeners(ProxyConfig proxyConfig) {
		return !proxyConfig.getMethodListener().getListeners().isEmpty();
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

	private static Object proxy(Constructor<?> constructor, Object target, InvocationHandler datasourceProxy,
			Set<String> intercepted) {
		try {
			return constructor.newInstance(new PassThroughHandler(target, datasourceProxy, intercepted));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a JDBC proxy", ex);
		}
	}

	/**
	 * Hands the intercepted methods to datasource-proxy's handler and invokes the others on the target.
	 */
	private static final class PassThroughHandler implements InvocationHandler {

		private final Object target;

		private final InvocationHandler datasourceProxy;

		private final Set<String> intercepted;

		PassThroughHandler(Object target, InvocationHandler datasourceProxy, Set<String> intercepted) {
			this.target = target;
			this.datasourceProxy = datasourceProxy;
			this.intercepted = intercepted;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if (this.intercepted.contains(method.getName())) {
				return this.datasourceProxy.invoke(proxy, method, args);
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

	}

}
