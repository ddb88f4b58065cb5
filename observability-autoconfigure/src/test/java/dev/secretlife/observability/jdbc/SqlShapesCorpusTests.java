package dev.secretlife.observability.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal forms of each database users run, each holding the secret {@value #SECRET}: the shape keeps the
 * statement's structure and never the secret. In the corpus, {@code \n} stands for a line break.
 */
class SqlShapesCorpusTests {

	private static final String SECRET = "Sw0rdf1sh";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select * from u where n = E'O\\'Brien Sw0rdf1sh' and p = 'Sw0rdf1sh'       | select * from u where n = ?
			select * from u where n = e'tab\\tSw0rdf1sh' and id = ?                    | select * from u where n = ? and id = ?
			select $$Sw0rdf1sh$$ from t                                                | select ? from t
			select $body$ it's Sw0rdf1sh $$ still $body$ from t                        | select ? from t
			select $tag$ unterminated Sw0rdf1sh                                         | select ?
			select 1 /* outer /* inner */ Sw0rdf1sh */ from t                          | select ? from t
			select U&'d\\0061t\\+000061 Sw0rdf1sh' from t                              | select ? from t
			select B'1010', X'1F', 1_000, 0x1F, 0o17, 1.5e-3 from t                    | select ?, ?, ?, ?, ?, ? from t
			select "Weird Col" from t where a = 'Sw0rdf1sh'                            | select "Weird Col" from t where a = ?
			select * from t where a = 'Sw0rdf1sh                                       | select * from t where a = ?
			~-- Sw0rdf1sh\\nselect 1~                                                  | select ?
			select * from t where a = $1 and b = 'x''Sw0rdf1sh'                        | select * from t where a = ? and b = ?
			select 'C:\\', 'Sw0rdf1sh' from t                                          | select ?
			select data #>> '{Sw0rdf1sh}' from t                                       | select data #>> ? from t
			select * from t where id in ('Sw0rdf1sh', E'x', $$y$$)                    | select * from t where id in (?)
			""")
	void postgresql(String sql, String shape) {
		assertShape(sql, SqlDialect.STANDARD, shape);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select * from u where n = 'O\\'Brien' and p = 'Sw0rdf1sh'                  | select * from u where n = ?
			select * from u where p = "Sw0rdf1sh"                                      | select * from u where p = ?
			select * from u where p = "say ""Sw0rdf1sh"" again"                         | select * from u where p = ?
			select * from u where p = 'a\\\\' and x = 'Sw0rdf1sh'                      | select * from u where p = ? and x = ?
			select * from u where p = 'a\\nSw0rdf1sh'                                  | select * from u where p = ?
			insert into t values ("a\\"Sw0rdf1sh")                                     | insert into t values (?
			~select 1 # Sw0rdf1sh\\nfrom t~                                            | select ? from t
			select /*! Sw0rdf1sh */ 1                                                  | select ?
			select _utf8mb4'Sw0rdf1sh' collate utf8mb4_bin                             | select _utf8mb4? collate utf8mb4_bin
			select X'536563726574', 0x5365637265, b'0101', 0b101                       | select ?, ?, ?, ?
			select `col` from t where a = 'Sw0rdf1sh' -- Sw0rdf1sh                     | select `col` from t where a = ?
			select * from t where a = "unterminated Sw0rdf1sh                          | select * from t where a = ?
			select * from t where a in ("Sw0rdf1sh", 'x')                              | select * from t where a in (?)
			""")
	void mysqlAndMariadb(String sql, String shape) {
		assertShape(sql, SqlDialect.MYSQL, shape);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select q'[it's Sw0rdf1sh]' from dual                                       | select ? from dual
			select nq'{Sw0rdf1sh's}' from dual                                         | select ? from dual
			select Q'!Sw0rdf1sh!' from dual                                            | select ? from dual
			select q'(unterminated Sw0rdf1sh' from dual                                | select ?
			select sid from v$session where username = 'Sw0rdf1sh'                     | select sid from v$session where username = ?
			select n'Sw0rdf1sh', 1e10d, 2.5f from dual                                 | select ?, ?, ? from dual
			select * from t where a = :name and b = 'Sw0rdf1sh'                        | select * from t where a = :name and b = ?
			""")
	void oracle(String sql, String shape) {
		assertShape(sql, SqlDialect.STANDARD, shape);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select [Order Id] from t where a = N'Sw0rdf1sh'                            | select [Order Id] from t where a = ?
			select * from #temp where a = 'Sw0rdf1sh'                                  | select * from #temp where a = ?
			select 0xDEADBEEF, N'it''s Sw0rdf1sh' from t                               | select ?, ? from t
			/* a /* Sw0rdf1sh */ b */ select 1                                         | select ?
			select * from t where a = @p0 and b = 'Sw0rdf1sh'                          | select * from t where a = @p0 and b = ?
			""")
	void sqlServer(String sql, String shape) {
		assertShape(sql, SqlDialect.STANDARD, shape);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select $$Sw0rdf1sh$$ from t                                                | select ? from t
			INSERT INTO T VALUES (X'CAFE', 'Sw0rdf1sh', 1)                             | INSERT INTO T VALUES (?, ?, ?)
			select U&'Sw0rdf1sh', "Quoted" from t                                      | select ?, "Quoted" from t
			select * from t where a = 'Sw0rdf1sh' /* unterminated Sw0rdf1sh            | select * from t where a = ?
			""")
	void h2(String sql, String shape) {
		assertShape(sql, SqlDialect.STANDARD, shape);
	}

	/**
	 * A string with an escaped quote reads differently in MySQL and standard SQL: whichever the database, the secret
	 * that follows never survives.
	 */
	@Test
	void aBackslashBeforeAQuoteHidesTheRestOfTheStatementInEveryDialect() {
		List<String> statements = List.of("select * from u where a = 'x\\' and b = '" + SECRET + "'",
				"select * from u where a = 'x\\' and b = " + SECRET + " and c = 'y'",
				"select * from u where a = E'\\\\\\' " + SECRET + "'");
		for (String sql : statements) {
			for (SqlDialect dialect : SqlDialect.values()) {
				assertThat(SqlShapes.shape(sql, dialect)).as("%s as %s", sql, dialect).doesNotContain(SECRET);
			}
		}
	}

	/**
	 * Every literal form, at every position in a statement, in every dialect.
	 */
	@Test
	void noLiteralFormKeepsItsValueAnywhereInAStatement() {
		List<String> literals = new ArrayList<>(List.of("'" + SECRET + "'", "'it''s " + SECRET + "'",
				"E'" + SECRET + "'", "N'" + SECRET + "'", "X'" + SECRET + "'", "B'" + SECRET + "'",
				"U&'" + SECRET + "'", "$$" + SECRET + "$$", "$q$" + SECRET + "$q$", "q'[" + SECRET + "]'",
				"'O\\'" + SECRET + "'"));
		List<String> templates = List.of("select %s", "select * from t where a = %s and b = 1",
				"select * from t where a in (%s, %s)", "insert into t (a, b) values (%s, ?)",
				"update t set a = %s where b = 2 -- %s", "select %s/* %s */from t");
		for (SqlDialect dialect : SqlDialect.values()) {
			for (String literal : literals) {
				for (String template : templates) {
					String sql = template.replace("%s", literal);
					assertThat(SqlShapes.shape(sql, dialect)).as("%s as %s", sql, dialect).doesNotContain(SECRET);
				}
			}
		}
		for (String unterminated : List.of("'" + SECRET, "$a$" + SECRET, "/* " + SECRET, "q'[" + SECRET + "'")) {
			for (SqlDialect dialect : SqlDialect.values()) {
				String sql = "select * from t where a = ? and b = " + unterminated;
				assertThat(SqlShapes.shape(sql, dialect)).as("%s as %s", sql, dialect).doesNotContain(SECRET);
			}
		}
		for (String template : List.of("select \"%s\" from t", "select # %s\n1")) {
			String sql = template.replace("%s", SECRET);
			assertThat(SqlShapes.shape(sql, SqlDialect.MYSQL)).as(sql).doesNotContain(SECRET);
		}
	}

	@Test
	void readsDoubleQuotesAsIdentifiersOutsideMysql() {
		assertThat(SqlShapes.shape("select \"name\" from \"T\"", SqlDialect.STANDARD))
			.isEqualTo("select \"name\" from \"T\"");
		assertThat(SqlShapes.shape("select \"name\" from t", SqlDialect.MYSQL)).isEqualTo("select ? from t");
	}

	@Test
	void tellsTheDialectFromTheProductNameOrUrl() {
		assertThat(SqlDialect.ofProductName("MySQL")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.ofProductName("MariaDB")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.ofProductName("PostgreSQL")).isEqualTo(SqlDialect.STANDARD);
		assertThat(SqlDialect.ofProductName("H2")).isEqualTo(SqlDialect.STANDARD);
		assertThat(SqlDialect.ofProductName(null)).isEqualTo(SqlDialect.STANDARD);
		assertThat(SqlDialect.ofUrl("jdbc:mysql://db:3306/app")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.ofUrl("jdbc:aws-wrapper:mariadb://db/app")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.ofUrl("jdbc:postgresql://mysql.example.com/mysql")).isEqualTo(SqlDialect.STANDARD);
		assertThat(SqlDialect.ofUrl("jdbc:h2:mem:test;MODE=MySQL")).isEqualTo(SqlDialect.STANDARD);
	}

	private static void assertShape(String sql, SqlDialect dialect, String expected) {
		String statement = sql.replace("\\n", "\n");
		String shape = SqlShapes.shape(statement, dialect);
		assertThat(shape).as("%s as %s", statement, dialect).doesNotContain(SECRET).isEqualTo(expected);
		assertThat(new SqlShapes().shapeOf(statement, dialect)).isEqualTo(shape);
	}

}
