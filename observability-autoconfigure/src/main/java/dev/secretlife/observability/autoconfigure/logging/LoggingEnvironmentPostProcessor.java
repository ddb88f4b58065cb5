package dev.secretlife.observability.autoconfigure.logging;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretlife.observability.logging.LogFormat;
import dev.secretlife.observability.logging.MaskingConverters;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Chooses the log format before Spring Boot initializes logging (Boot's logging listener runs after the environment
 * post-processors), by contributing lowest-precedence defaults for Boot's own logging properties:
 * <ul>
 * <li>json: {@code logging.structured.format.console} and {@code .file} = {@link JsonLogFormatter}, and
 * {@code spring.main.banner-mode=off}, so that nothing but JSON reaches the console;</li>
 * <li>pretty: {@code logging.pattern.console} and {@code .file} = Boot's readable patterns with the request ID and
 * trace ID on each line and the key-values after the message; the message, the key-values and the stack trace are
 * written by the {@link MaskingConverters}, with the same masks as the JSON output.</li>
 * </ul>
 * Nothing is contributed when {@code observability.logging.enabled=false} or when the application configures
 * logging itself: {@code logging.config} is set, or a
 * {@code logback(-test)(-spring).xml} / {@code .groovy} is on the classpath. Any property the application sets wins
 * over these defaults.
 */
public class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source that holds the logging defaults. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityLogging";

	/** Runs after the config data (application.yml, profiles) has been loaded. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	private static final List<String> OWN_CONFIGURATIONS = List.of("logback-test-spring.groovy",
			"logback-test-spring.xml", "logback-spring.groovy", "logback-spring.xml", "logback-test.groovy",
			"logback-test.xml", "logback.groovy", "logback.xml");

	// ${PID} is escaped so that Spring leaves it to logback, which resolves it from Boot's PID system property.
	private static final String PRETTY_PATTERN = "%clr(%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}){faint} %clr(%5p) "
			+ "%clr(\\${PID}){magenta} %clr(--- %esb(){APPLICATION_NAME}%esb{APPLICATION_GROUP}[%15.15t] "
			+ "[%X{REQUEST_ID:--} %X{traceId:--}]){faint} %clr(%-40.40logger{39}){cyan} %clr(:){faint} "
			+ "%" + MaskingConverters.MESSAGE + " %" + MaskingConverters.KEY_VALUES + "%n%"
			+ MaskingConverters.THROWABLE;

	// Spring Boot's file pattern, with the IDs of the console pattern and the masked message, key-values and stack
	// trace.
	private static final String PRETTY_FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p \\${PID} --- "
			+ "%esb(){APPLICATION_NAME}%esb{APPLICATION_GROUP}[%t] [%X{REQUEST_ID:--} %X{traceId:--}] "
			+ "%-40.40logger{39} : %" + MaskingConverters.MESSAGE + " %" + MaskingConverters.KEY_VALUES + "%n%"
			+ MaskingConverters.THROWABLE;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = application.getClassLoader();
		if (!ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				|| !ClassUtils.isPresent("net.logstash.logback.encoder.LogstashEncoder", classLoader)
				|| hasOwnConfiguration(environment, classLoader)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		LoggingProperties properties = Binder.get(environment)
			.bindOrCreate(LoggingProperties.PREFIX, LoggingProperties.class);
		if (!properties.isEnabled()) {
			return;
		}
		LogFormat format = properties.getFormat()
			.resolve(Arrays.asList(environment.getActiveProfiles()), properties.getDevProfiles(),
					isInteractiveTerminal());
		Map<String, Object> defaults = new HashMap<>();
		if (format == LogFormat.JSON) {
			defaults.put("logging.structured.format.console", JsonLogFormatter.class.getName());
			defaults.put("logging.structured.format.file", JsonLogFormatter.class.getName());
			defaults.put("spring.main.banner-mode", "off");
		}
		else {
			String mdcKey = environment.getProperty("observability.request-id.mdc-key", "requestId");
			LoggingProperties.Mask mask = properties.getMask();
			MaskingConverters.register(mask.getKeys(), mask.isBearerTokens(), mask.getValuePatterns());
			defaults.put("logging.pattern.console", PRETTY_PATTERN.replace("REQUEST_ID", mdcKey));
			defaults.put("logging.pattern.file", PRETTY_FILE_PATTERN.replace("REQUEST_ID", mdcKey));
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	static boolean hasOwnConfiguration(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
		if (StringUtils.hasText(environment.getProperty("logging.config"))) {
			return true;
		}
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		if (loader == null) {
			return false;
		}
		for (String name : OWN_CONFIGURATIONS) {
			if (loader.getResource(name) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the console is an interactive terminal: {@code System.console()} is present and, on Java 22 and
	 * later (where it is present even when output is redirected), {@code Console.isTerminal()} says so.
	 */
	static boolean isInteractiveTerminal() {
		java.io.Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			Method isTerminal = java.io.Console.class.getMethod("isTerminal");
			return (Boolean) isTerminal.invoke(console);
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return false;
		}
	}

}
