package dev.secretlife.observability.logging;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingConvertersTests {

	@Test
	void patternOutputMasksTheMessageTheKeyValuesAndTheStackTrace() {
		MaskingConverters.register(SecretText.DEFAULT_KEYS, true, List.of("DE\\d{2}[0-9]+"));
		LoggerContext context = new LoggerContext();
		PatternLayout layout = new PatternLayout();
		layout.setContext(context);
		layout.setPattern("%" + MaskingConverters.MESSAGE + " %" + MaskingConverters.KEY_VALUES + "%"
				+ MaskingConverters.THROWABLE);
		layout.start();
		Logger logger = context.getLogger("test");
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
				"login password={} iban DE0012345", new IllegalStateException("refresh_token=s3cr3t-ex failed"),
				new Object[] { "s3cr3t-arg" });
		event.addKeyValuePair(new KeyValuePair("api_key", "s3cr3t-kv"));
		event.addKeyValuePair(new KeyValuePair("header", "Cookie: a=1; SESSION=s3cr3t-cookie"));
		event.addKeyValuePair(new KeyValuePair("attempt", 3));
		String line = layout.doLayout(event);
		assertThat(line).doesNotContain("s3cr3t").doesNotContain("DE0012345")
			.startsWith("login password=**** iban **** api_key=**** header=Cookie: **** attempt=3")
			.contains("java.lang.IllegalStateException: refresh_token=**** failed")
			.contains("at dev.secretlife.observability.logging.MaskingConvertersTests");
		MaskingConverters.register(SecretText.DEFAULT_KEYS, true, List.of());
	}

}
