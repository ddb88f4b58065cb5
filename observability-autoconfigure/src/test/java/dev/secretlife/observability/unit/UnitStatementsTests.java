package dev.secretlife.observability.unit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitStatementsTests {

	@Test
	void countsRepeatedShapes() {
		UnitStatements statements = new UnitStatements(true);
		for (int i = 0; i < 3; i++) {
			statements.add("ds", "select * from book where author_id = ?", 1_000);
		}
		statements.add("ds", "select * from author", 1_000);
		assertThat(statements.count()).isEqualTo(4);
		assertThat(statements.repeatedAtLeast(3)).singleElement()
			.satisfies((repeated) -> assertThat(repeated.executions()).isEqualTo(3));
	}

	@Test
	void tracksHugeDistinctShapesOnlyUpToItsCharacterBudgetButCountsThemAll() {
		UnitStatements statements = new UnitStatements(true);
		int shapeLength = 10_000;
		int distinct = 200;
		for (int repeat = 0; repeat < 2; repeat++) {
			for (int i = 0; i < distinct; i++) {
				statements.add("ds", i + "x".repeat(shapeLength), 1);
			}
		}
		assertThat(statements.count()).isEqualTo(2 * distinct);
		int tracked = statements.repeatedAtLeast(2).size();
		assertThat(tracked).isPositive()
			.isLessThan(distinct)
			.isLessThanOrEqualTo(UnitStatements.MAX_SHAPE_CHARS / shapeLength);
	}

}
