package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ten authors with two books each, written at startup (the schema comes from Hibernate).
 */
public class LibraryData implements ApplicationRunner {

	/** Number of authors, and so of lazy loads in the N+1 endpoint. */
	public static final int AUTHORS = 10;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String initSql;

	public LibraryData(JdbcClient jdbc, TransactionTemplate transactions, @Value("${test.init-sql:}") String initSql) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.initSql = initSql;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.initSql.isEmpty()) {
			this.jdbc.sql(this.initSql).update();
		}
		this.transactions.executeWithoutResult((status) -> {
			for (long id = 1; id <= AUTHORS; id++) {
				this.jdbc.sql("insert into author (id, name) values (?, ?)").params(id, "Author " + id).update();
				for (long book = 0; book < 2; book++) {
					this.jdbc.sql("insert into book (id, title, author_id) values (?, ?, ?)")
						.params(id * 10 + book, "Book " + id + "." + book, id)
						.update();
				}
			}
		});
	}

}
