package dev.secretlife.observability.autoconfigure.jdbc.testapp;

/**
 * Java functions registered in H2 with {@code CREATE ALIAS}.
 */
public final class H2Functions {

	private H2Functions() {
	}

	public static int sleep(int millis) throws InterruptedException {
		Thread.sleep(millis);
		return millis;
	}

}
