package dev.secretlife.observability.autoconfigure.jdbc;

/**
 * JDBC statements joined to their HTTP request, on a real PostgreSQL started by the build.
 */
class PostgresJdbcRequestIT extends AbstractJdbcRequestTests {

	@Override
	protected String[] databaseProperties() {
		String[] database = PostgresTestDatabase.properties();
		String[] all = new String[database.length + 1];
		System.arraycopy(database, 0, all, 0, database.length);
		all[database.length] = "test.slow-query=select count(*) from book, pg_sleep(0.3) where title <> ?";
		return all;
	}

	@Override
	protected String dbSystemName() {
		return "postgresql";
	}

}
