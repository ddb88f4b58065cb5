package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that run the statements the tests look for: a JPA N+1, a repeated JdbcClient lookup, a slow query.
 */
@RestController
public class LibraryController {

	private final AuthorRepository authors;

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final String slowQuery;

	public LibraryController(AuthorRepository authors, JdbcClient jdbc, JdbcTemplate jdbcTemplate,
			@Value("${test.slow-query}") String slowQuery) {
		this.authors = authors;
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.slowQuery = slowQuery;
	}

	/** The classic N+1: one query for the authors, then one per author for its lazily loaded books. */
	@GetMapping("/authors/books")
	public List<Integer> bookCounts() {
		return this.authors.findAll().stream().map((author) -> author.getBooks().size()).toList();
	}

	/** The same lookup in a loop, with a secret bound as parameter. */
	@PostMapping("/authors/{id}/lookups")
	public int lookups(@PathVariable long id, @RequestBody String secret, @RequestParam int times) {
		int found = 0;
		for (int i = 0; i < times; i++) {
			found += this.jdbc.sql("select count(*) from book where title = ? and author_id = ?")
				.param(secret)
				.param(id)
				.query(Integer.class)
				.single();
		}
		return found;
	}

	/** One slow statement, with a secret bound as parameter. */
	@PostMapping("/slow")
	public int slow(@RequestBody String secret) {
		return this.jdbc.sql(this.slowQuery).param(secret).query(Integer.class).single();
	}

	/** A batch of inserts, then their removal. */
	@PostMapping("/books/batch")
	public int batch(@RequestParam int size) {
		List<Object[]> rows = new java.util.ArrayList<>();
		for (int i = 0; i < size; i++) {
			rows.add(new Object[] { 100_000L + i, "Batch " + i });
		}
		this.jdbcTemplate.batchUpdate("insert into book (id, title) values (?, ?)", rows);
		return this.jdbc.sql("delete from book where id >= ?").param(100_000L).update();
	}

	/** A statement that fails. */
	@GetMapping("/broken")
	public int broken() {
		return this.jdbc.sql("insert into author (id, name) values (?, ?)").params(1L, "duplicate").update();
	}

	/**
	 * Registers an e-mail address twice under a unique constraint, once bound as parameter and once as a literal:
	 * both inserts fail with a message that quotes the address. The failures are answered here (409), so that only
	 * the JDBC instrumentation could carry them out.
	 */
	@PostMapping("/accounts")
	public ResponseEntity<String> registerTwice(@RequestBody String email) {
		this.jdbc.sql("create table if not exists account (email varchar(200) unique)").update();
		this.jdbc.sql("insert into account (email) values (?)").param(email).update();
		int conflicts = 0;
		try {
			this.jdbc.sql("insert into account (email) values (?)").param(email).update();
		}
		catch (DataAccessException ex) {
			conflicts++;
		}
		try {
			this.jdbc.sql("insert into account (email) values ('" + email + "')").update();
		}
		catch (DataAccessException ex) {
			conflicts++;
		}
		return ResponseEntity.status(409).body(String.valueOf(conflicts));
	}

	/**
	 * Runs statements that carry a secret as a literal, in each form H2 reads, some of them malformed so that the
	 * database's error message quotes them; failures are answered here.
	 */
	@PostMapping("/literals")
	public int literals(@RequestBody String secret) {
		List<String> statements = List.of("select count(*) from book where title = '" + secret + "'",
				"select count(*) from book where title = 'it''s " + secret + "'",
				"select count(*) from book where title = $$" + secret + "$$",
				"select count(*) from book where title = N'" + secret + "'",
				"select count(*) from book where title = U&'" + secret + "'",
				"select count(*) from book /* " + secret + " */ where title = ?",
				"select count(*) from book where title = '" + secret,
				"select count(*) from book where title = E'" + secret + "'",
				"select count(*) from book where title = \"" + secret + "\"");
		int failures = 0;
		for (String statement : statements) {
			try {
				this.jdbc.sql(statement).params(statement.contains("?") ? List.of("x") : List.of())
					.query(Integer.class)
					.single();
			}
			catch (DataAccessException ex) {
				failures++;
			}
		}
		return failures;
	}

	/** One cheap statement. */
	@GetMapping("/count")
	public int count() {
		return this.jdbc.sql("select count(*) from author").query(Integer.class).single();
	}

}
