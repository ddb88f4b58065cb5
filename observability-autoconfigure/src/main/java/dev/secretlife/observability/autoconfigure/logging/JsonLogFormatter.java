package dev.secretlife.observability.autoconfigure.logging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.secretlife.observability.logging.JsonLogEncoder;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Plugs the starter's {@link JsonLogEncoder} into Spring Boot's structured logging
 * ({@code logging.structured.format.console} and {@code .file}), so that Boot's own console and file appenders
 * write the starter's JSON from the first line of startup on. Configured from {@code observability.logging.*} and
 * the application's name, version and active profiles.
 */
public class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String BUILD_INFO = "META-INF/build-info.properties";

	private final JsonLogEncoder encoder;

	public JsonLogFormatter(Environment environment) {
		this.encoder = createEncoder(environment);
	}

	static JsonLogEncoder createEncoder(Environment environment) {
		LoggingProperties properties = Binder.get(environment)
			.bindOrCreate(LoggingProperties.PREFIX, LoggingProperties.class);
		JsonLogEncoder encoder = new JsonLogEncoder();
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		if (loggerFactory instanceof LoggerContext context) {
			encoder.setContext(context);
		}
		encoder.setServiceName(environment.getProperty("spring.application.name"));
		encoder.setServiceVersion(version(environment));
		String[] profiles = environment.getActiveProfiles();
		encoder.setEnvironment(StringUtils.arrayToCommaDelimitedString(
				(profiles.length > 0) ? profiles : environment.getDefaultProfiles()));
		encoder.setMaskedKeys(properties.getMask().getKeys());
		encoder.setMaskBearerTokens(properties.getMask().isBearerTokens());
		encoder.setMaskedValuePatterns(properties.getMask().getValuePatterns());
		StackTraceSettings stackTrace = StackTraceSettings.from(environment, properties.getStackTrace());
		encoder.setStackTraceRootCauseFirst(stackTrace.rootCauseFirst());
		encoder.setStackTraceMaxDepthPerThrowable(stackTrace.maxDepthPerThrowable());
		encoder.setStackTraceMaxLength(stackTrace.maxLength());
		encoder.setStackHash(stackTrace.hashes());
		encoder.start();
		return encoder;
	}

	/**
	 * The build version from {@code META-INF/build-info.properties} (written by the Spring Boot Maven and Gradle
	 * plugins' build-info goal), else {@code spring.application.version} (the jar manifest's
	 * Implementation-Version).
	 */
	private static @Nullable String version(Environment environment) {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		try (InputStream buildInfo = (classLoader != null) ? classLoader.getResourceAsStream(BUILD_INFO) : null) {
			if (buildInfo != null) {
				Properties properties = new Properties();
				properties.load(buildInfo);
				String version = properties.getProperty("build.version");
				if (StringUtils.hasText(version)) {
					return version;
				}
			}
		}
		catch (IOException ex) {
			// unreadable build info: fall back to the manifest's version
		}
		return environment.getProperty("spring.application.version");
	}

	@Override
	public String format(ILoggingEvent event) {
		return new String(this.encoder.encode(event), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		byte[] utf8 = this.encoder.encode(event);
		return (StandardCharsets.UTF_8.equals(charset)) ? utf8
				: new String(utf8, StandardCharsets.UTF_8).getBytes(charset);
	}

}
