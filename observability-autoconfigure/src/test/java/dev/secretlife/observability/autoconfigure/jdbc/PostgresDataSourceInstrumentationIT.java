package dev.secretlife.observability.autoconfigure.jdbc;

/**
 * The wrapped data source on a real PostgreSQL, started by the build (scripts/postgres.sh).
 */
class PostgresDataSourceInstrumentationIT extends AbstractDataSourceInstrumentationTests {

	@Override
	protected String[] databaseProperties() {
		return PostgresTestDatabase.properties();
	}

}
