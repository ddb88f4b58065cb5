package dev.secretlife.observability.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ConnectionIdManager;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.NanoTimeStopwatchFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.support.ProxyDataSource;

/**
 * Wraps a {@link DataSource} in a datasource-proxy {@link ProxyDataSource} that calls the given listeners for every
 * statement. The wrapper stays transparent: {@code unwrap} and {@code isWrapperFor} reach the wrapped data source
 * (so {@code unwrap(HikariDataSource.class)} works), and closing it closes the wrapped one.
 * <p>
 * Two of datasource-proxy's defaults are replaced, for the cost of every JDBC call: connections and statements are
 * the starter's own proxies ({@link DirectJdbcProxyFactory}), which give the listeners what datasource-proxy's would
 * without its per-call machinery, and connection IDs are counted without datasource-proxy's set of open IDs, which
 * every connection checkout and close updated under one lock.
 */
public final class DataSourceInstrumenter {

	private final List<QueryExecutionListener> listeners;

	private final JdbcProxyFactory proxyFactory;

	/**
	 * Creates the instrumenter.
	 * @param listeners the listeners called for every statement, in order
	 */
	public DataSourceInstrumenter(List<QueryExecutionListener> listeners) {
		this.listeners = List.copyOf(listeners);
		this.proxyFactory = new DirectJdbcProxyFactory(
				this.listeners.stream().anyMatch(DataSourceInstrumenter::readsParameters));
	}

	/**
	 * Whether a listener reads the parameters of the statements it is told about: the starter's own do only to log
	 * them with a slow statement ({@code observability.jdbc.log-parameters}); any other listener is given them, as
	 * datasource-proxy would.
	 */
	private static boolean readsParameters(QueryExecutionListener listener) {
		if (listener instanceof JdbcTracingListener) {
			return false;
		}
		if (listener instanceof JdbcQueryListener queries) {
			return queries.logsParameters();
		}
		return true;
	}

	/**
	 * Wraps a data source.
	 * @param name the name the listeners see, the data source's bean name
	 * @param dataSource the data source to wrap
	 * @return the wrapping data source
	 */
	public DataSource instrument(String name, DataSource dataSource) {
		ProxyConfig.Builder config = ProxyConfig.Builder.create()
			.dataSourceName(name)
			.stopwatchFactory(new NanoTimeStopwatchFactory())
			.jdbcProxyFactory(this.proxyFactory)
			.connectionIdManager(new CountingConnectionIdManager());
		this.listeners.forEach(config::queryListener);
		ProxyDataSource proxy = new DirectProxyDataSource(dataSource);
		proxy.setProxyConfig(config.build());
		return proxy;
	}

	/**
	 * datasource-proxy's data source, whose {@code getConnection} skips the method-listener machinery when the
	 * configuration has no method listener ({@link DirectJdbcProxyFactory#isDirect}): no execution context, no two
	 * stopwatches, no reflective call of the wrapped data source, for every connection an application borrows. It
	 * builds the same {@link ConnectionInfo} (ID, data source name, isolation level when asked for) and the same
	 * connection proxy. Any other configuration goes through {@link ProxyDataSource} unchanged.
	 */
	static final class DirectProxyDataSource extends ProxyDataSource {

		DirectProxyDataSource(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public Connection getConnection() throws SQLException {
			ProxyConfig config = getProxyConfig();
			if (!DirectJdbcProxyFactory.isDirect(config)) {
				return super.getConnection();
			}
			return proxy(getDataSource().getConnection(), config);
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			ProxyConfig config = getProxyConfig();
			if (!DirectJdbcProxyFactory.isDirect(config)) {
				return super.getConnection(username, password);
			}
			return proxy(getDataSource().getConnection(username, password), config);
		}

		private static Connection proxy(Connection connection, ProxyConfig config) throws SQLException {
			ConnectionInfo info = new ConnectionInfo();
			info.setConnectionId(config.getConnectionIdManager().getId(connection));
			info.setDataSourceName(config.getDataSourceName());
			if (config.isRetrieveIsolationLevel()) {
				info.setIsolationLevel(connection.getTransactionIsolation());
			}
			return config.getJdbcProxyFactory().createConnection(connection, info, config);
		}

	}

	/**
	 * Numbers connections like datasource-proxy's default, without keeping the set of open IDs (which nothing in the
	 * starter reads, and which took a lock shared by every thread twice per connection).
	 */
	static final class CountingConnectionIdManager implements ConnectionIdManager {

		private final AtomicLong ids = new AtomicLong();

		@Override
		public String getId(Connection connection) {
			return Long.toString(this.ids.incrementAndGet());
		}

		@Override
		public void addClosedId(String closedId) {
		}

		/**
		 * Not tracked.
		 * @return an empty set
		 */
		@Override
		public Set<String> getOpenConnectionIds() {
			return Set.of();
		}

	}

	/**
	 * Tells whether a data source is instrumented already, itself or through a data source it delegates to, so that
	 * no statement is ever counted twice.
	 * @param dataSource the data source
	 * @return whether it is or wraps a {@link ProxyDataSource}
	 */
	public static boolean isInstrumented(DataSource dataSource) {
		if (dataSource instanceof ProxyDataSource) {
			return true;
		}
		try {
			return dataSource.isWrapperFor(ProxyDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			// A data source that cannot answer is taken as not wrapped: wrapping it is the safe side.
			return false;
		}
	}

}
