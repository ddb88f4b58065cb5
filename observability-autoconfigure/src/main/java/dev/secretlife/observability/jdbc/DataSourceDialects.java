package dev.secretlife.observability.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.ttddyy.dsproxy.ExecutionInfo;

/**
 * The {@link SqlDialect} of each data source, read once from the connection of its first statement.
 */
final class DataSourceDialects {

	private final Map<String, SqlDialect> dialects = new ConcurrentHashMap<>();

	SqlDialect of(ExecutionInfo execInfo) {
		String dataSource = execInfo.getDataSourceName();
		SqlDialect dialect = this.dialects.get(dataSource);
		if (dialect == null) {
			dialect = SqlDialect.of(execInfo.getStatement());
			this.dialects.putIfAbsent(dataSource, dialect);
		}
		return dialect;
	}

}
