package dev.secretlife.observability.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlShapesTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			select * from t where name = 'bob'                        | select * from t where name = ?
			select * from t where name = 'it''s'                      | select * from t where name = ?
			select * from t where id = 42 and x > 3.5e-2              | select * from t where id = ? and x > ?
			select * from t where id = ?                              | select * from t where id = ?
			select * from t where id in (1, 2, 3)                     | select * from t where id in (?)
			select * from t where id IN(?,?,?,?)                      | select * from t where id IN(?)
			select * from t where id in ('a', 'b')                    | select * from t where id in (?)
			select * from t where id in (select id from u)            | select * from t where id in (select id from u)
			select t1.c2 from t1 where t1.x = 0x1F                    | select t1.c2 from t1 where t1.x = ?
			select * from t where a = $1                              | select * from t where a = ?
			select   *  from  t /* comment 'x' */ where a = 1 -- end | select * from t where a = ?
			select "weird 1 col" from t                               | select "weird 1 col" from t
			select * from t where name = 'unterminated                | select * from t where name = ?
			insert into t (a, b) values (1, 'x')                      | insert into t (a, b) values (?, ?)
			""")
	void removesLiteralsCollapsesInListsAndWhiteSpace(String sql, String shape) {
		assertThat(SqlShapes.shape(sql)).isEqualTo(shape);
	}

	@Test
	void sameStatementWithDifferentValuesHasOneShape() {
		assertThat(SqlShapes.shape("select * from book where author_id in (1, 2)"))
			.isEqualTo(SqlShapes.shape("select * from book where author_id in (7, 8, 9, 10)"));
	}

	@Test
	void aSecretLiteralNeverSurvives() {
		String secret = "hunter2-sw0rdf1sh";
		assertThat(SqlShapes.shape("update users set password = '" + secret + "' where id = 7")).doesNotContain(secret)
			.doesNotContain("7");
	}

	@Test
	void cachesAtMostTheConfiguredNumberOfShapes() {
		SqlShapes shapes = new SqlShapes(10);
		for (int i = 0; i < 1000; i++) {
			assertThat(shapes.shapeOf("select " + i)).isEqualTo("select ?");
		}
		assertThat(shapes.shapeOf("select 5")).isEqualTo("select ?");
	}

	@Test
	void truncatesLongStatementsVisibly() {
		assertThat(SqlShapes.truncate("select 1", 100)).isEqualTo("select 1");
		assertThat(SqlShapes.truncate("select * from a_long_table", 8)).isEqualTo("select *...");
	}

	@Test
	void answersEmptyForNull() {
		assertThat(new SqlShapes().shapeOf(null)).isEmpty();
	}

	@Test
	void neverCachesAStatementThatHoldsALiteralOrAComment() {
		SqlShapes shapes = new SqlShapes();
		shapes.shapeOf("select * from users where password = 'hunter2'");
		shapes.shapeOf("select * from users where id = 42");
		shapes.shapeOf("select * from users where id = ? /* user=alice */");
		shapes.shapeOf("select * from users where token = $$abc$$");
		shapes.shapeOf("select * from users where id = ?");
		assertThat(shapes.cachedStatements()).containsExactly("select * from users where id = ?");
	}

	@Test
	void boundsTheCacheByBytesAsWellAsEntries() {
		long maxBytes = 64 * 1024;
		SqlShapes shapes = new SqlShapes(100_000, maxBytes);
		String columns = "c".repeat(4000);
		for (int i = 0; i < 1000; i++) {
			String sql = "select " + columns + " from t" + Integer.toString(i, 26).replace('0', 'z') + " where id = ?";
			assertThat(shapes.shapeOf(sql)).isEqualTo(sql);
		}
		assertThat(shapes.cachedBytes()).isPositive().isLessThanOrEqualTo(maxBytes);
		assertThat(shapes.cachedStatements()).hasSizeLessThan(10);
	}

	@Test
	void shapesAHugeStatementToABoundedLengthAndNeverCachesIt() {
		SqlShapes shapes = new SqlShapes();
		StringBuilder sql = new StringBuilder("insert into t (a, b) values ");
		while (sql.length() < 4 * 1024 * 1024) {
			sql.append("(?, ?), ");
		}
		sql.append("(?, ?)");
		String shape = shapes.shapeOf(sql.toString());
		assertThat(shape).startsWith("insert into t (a, b) values (?, ?), ").endsWith("...");
		assertThat(shape.length()).isLessThanOrEqualTo(SqlShapes.MAX_SHAPE_LENGTH + 3);
		assertThat(shapes.cachedStatements()).isEmpty();
	}

}
