package dev.secretlife.observability.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlOperationTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			select * from t                              | SELECT
			  SELECT 1                                   | SELECT
			with x as (select 1) select * from x         | SELECT
			(select 1) union (select 2)                  | SELECT
			values (1)                                   | SELECT
			insert into t values (?)                     | INSERT
			INSERT INTO t SELECT * FROM u                | INSERT
			update t set a = ?                           | UPDATE
			delete from t                                | DELETE
			call proc(?)                                 | CALL
			{call proc(?)}                               | CALL
			{? = call f(?)}                              | CALL
			exec proc                                    | CALL
			create table t (id int)                      | DDL
			ALTER TABLE t ADD c INT                      | DDL
			drop table t                                 | DDL
			truncate table t                             | DDL
			merge into t using u on (1=1)                | OTHER
			set schema public                            | OTHER
			selected                                     | OTHER
			updates                                      | OTHER
			'select'                                     | OTHER
			""")
	void readsTheOperationFromTheFirstKeyword(String sql, SqlOperation expected) {
		assertThat(SqlOperation.of(sql)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/* hint */ select 1                          | SELECT
			-- comment\\nupdate t set a = 1              | UPDATE
			/* unterminated                              | OTHER
			-- only a comment                            | OTHER
			''                                           | OTHER
			""")
	void skipsCommentsAndAnswersOtherForNothingUseful(String sql, SqlOperation expected) {
		assertThat(SqlOperation.of(sql.replace("\\n", "\n"))).isEqualTo(expected);
	}

	@org.junit.jupiter.api.Test
	void answersOtherForNull() {
		assertThat(SqlOperation.of(null)).isEqualTo(SqlOperation.OTHER);
		assertThat(SqlOperation.of("")).isEqualTo(SqlOperation.OTHER);
		assertThat(SqlOperation.of("   ")).isEqualTo(SqlOperation.OTHER);
	}

	@org.junit.jupiter.api.Test
	void tagValuesAreLowerCase() {
		for (SqlOperation operation : SqlOperation.values()) {
			assertThat(operation.tagValue()).isEqualTo(operation.name().toLowerCase(java.util.Locale.ROOT));
		}
	}

}
