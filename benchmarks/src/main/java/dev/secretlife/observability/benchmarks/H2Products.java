package dev.secretlife.observability.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The database of the JDBC benchmarks: a HikariCP pool of four on in-memory H2, with a {@code product} table of 1,000
 * rows, and the point select every JDBC benchmark runs against it.
 */
final class H2Products {

	/** The point select by primary key. */
	static final String QUERY = "SELECT id, sku, stock FROM product WHERE id = ?";

	private H2Products() {
	}

	/**
	 * Opens a pool on its own in-memory database and fills the table.
	 * @param name the database's and the pool's name
	 * @return the pool, which the caller closes
	 * @throws SQLException when the table cannot be created
	 */
	static HikariDataSource pool(String name) throws SQLException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		config.setMaximumPoolSize(4);
		config.setPoolName(name);
		HikariDataSource pool = new HikariDataSource(config);
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS product (id BIGINT PRIMARY KEY, sku VARCHAR(32), stock INT)");
			statement.execute("DELETE FROM product");
			statement.execute("INSERT INTO product SELECT x, 'SKU-' || x, 10 FROM SYSTEM_RANGE(1, 1000)");
		}
		return pool;
	}

}
