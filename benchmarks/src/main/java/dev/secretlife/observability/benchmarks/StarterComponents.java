package dev.secretlife.observability.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import dev.secretlife.observability.autoconfigure.logging.JsonLogFormatter;
import dev.secretlife.observability.jdbc.DataSourceInstrumenter;
import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.JdbcTracingListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.NPlusOneMode;
import dev.secretlife.observability.jdbc.SqlShapes;
import dev.secretlife.observability.unit.ServletUnitOfWorkHandler;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import net.ttddyy.dsproxy.proxy.NanoTimeStopwatchFactory;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The one place where the benchmarks build the starter's own components, exactly as its auto-configuration builds
 * them with the default properties, so that every benchmark measures what an application gets.
 * <ul>
 * <li>JDBC ({@code JdbcObservabilityAutoConfiguration}): datasource-proxy with the tracing listener and the metrics
 * and slow-query listener ({@code JdbcQueryListener}: slow-query threshold 1 s, statements cut at 1000 characters,
 * no parameters); per request, the unit-of-work accounting ({@code JdbcUnitListener}) with the N+1 detector (threshold 5, mode warn).</li>
 * <li>Logging ({@code LoggingEnvironmentPostProcessor}): an application logs in JSON through Boot's own
 * {@link StructuredLogEncoder} with {@code logging.structured.format.console} set to the starter's
 * {@link JsonLogFormatter}, which wraps the starter's {@code JsonLogEncoder}; that whole path is what is measured.</li>
 * </ul>
 * One difference is deliberate: the tracing listener gets {@link Tracer#NOOP}, whose current span is always
 * {@code null}, so it returns at once. With a real tracer and a sampled request each statement also becomes a span;
 * that is the tracer's cost (the same for any JDBC tracing), not measured here.
 */
final class StarterComponents {

	/** The field the masking variant masks (one of the starter's default masked keys). */
	static final String MASKED_FIELD = "password";

	/** The starter's defaults: {@code observability.jdbc.max-statement-length}. */
	static final int MAX_STATEMENT_LENGTH = 1000;

	private StarterComponents() {
	}

	/**
	 * Wraps a pool the way the starter's JDBC feature does, with all of its features on.
	 * @param pool the connection pool
	 * @param registry the registry its metrics go to
	 * @return the data source the application would use
	 */
	static DataSource jdbc(DataSource pool, MeterRegistry registry) {
		return jdbc(pool, jdbcMetrics(registry));
	}

	/**
	 * Wraps a pool the way the starter's JDBC feature does, with all of its features on, recording into metrics that
	 * the per-request filter shares.
	 * @param pool the connection pool
	 * @param metrics the starter's JDBC metrics
	 * @return the data source the application would use
	 */
	static DataSource jdbc(DataSource pool, JdbcMetrics metrics) {
		SqlShapes shapes = new SqlShapes();
		// Ordered as the auto-configuration orders them: tracing (-10) before metrics (0).
		JdbcTracingListener tracing = new JdbcTracingListener(() -> Tracer.NOOP, shapes, MAX_STATEMENT_LENGTH);
		JdbcQueryListener queries = new JdbcQueryListener(metrics, shapes, Duration.ofSeconds(1),
				MAX_STATEMENT_LENGTH, false);
		return new DataSourceInstrumenter(List.of(tracing, queries)).instrument("dataSource", pool);
	}

	/**
	 * The starter's JDBC listeners, all features on, on datasource-proxy's own proxies and connection-ID manager: how
	 * the starter wrapped a pool before its own proxies, kept to measure them against in the same run.
	 * @param pool the connection pool
	 * @param registry the registry the listeners record to
	 * @return the data source the application would have used
	 */
	static DataSource jdbcOnDefaultProxies(DataSource pool, MeterRegistry registry) {
		SqlShapes shapes = new SqlShapes();
		ProxyConfig config = ProxyConfig.Builder.create()
			.dataSourceName("dataSource")
			.stopwatchFactory(new NanoTimeStopwatchFactory())
			.queryListener(new JdbcTracingListener(() -> Tracer.NOOP, shapes, MAX_STATEMENT_LENGTH))
			.queryListener(new JdbcQueryListener(jdbcMetrics(registry), shapes, Duration.ofSeconds(1),
					MAX_STATEMENT_LENGTH, false))
			.build();
		ProxyDataSource proxy = new ProxyDataSource(pool);
		proxy.setProxyConfig(config);
		return proxy;
	}

	/**
	 * The starter's JDBC metrics on a registry.
	 * @param registry the registry
	 * @return the metrics
	 */
	static JdbcMetrics jdbcMetrics(MeterRegistry registry) {
		return new JdbcMetrics(() -> registry);
	}

	/**
	 * The starter's N+1 detector with the default properties.
	 * @param metrics the metrics it counts suspect shapes in
	 * @return the detector
	 */
	static NPlusOneDetector nPlusOneDetector(JdbcMetrics metrics) {
		return new NPlusOneDetector(5, NPlusOneMode.WARN, List.of(), metrics, MAX_STATEMENT_LENGTH);
	}

	/**
	 * The observation filter Spring Boot registers for {@code http.server.requests}, on a registry with one handler
	 * that does nothing (so that the observation is real, as in an application with metrics or tracing), and with the
	 * starter's servlet unit-of-work handler when listeners are given.
	 * @param listeners the unit-of-work listeners; none for the baseline, without the starter's handler
	 * @return the filter
	 */
	static ServerHttpObservationFilter observationFilter(UnitOfWorkListener... listeners) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> context instanceof ServerRequestObservationContext);
		if (listeners.length > 0) {
			UnitOfWorkSupport support = new UnitOfWorkSupport(true, true, "requestId",
					UnitOfWorkSupport.LogContext.NONE, () -> List.of(listeners));
			registry.observationConfig().observationHandler(new ServletUnitOfWorkHandler(support));
		}
		return new ServerHttpObservationFilter(registry);
	}

	/**
	 * Builds and starts the encoder an application with the starter logs JSON through: Boot's
	 * {@link StructuredLogEncoder} with the starter's {@link JsonLogFormatter}.
	 * @param context the logger context it belongs to
	 * @param masking whether masking is on: the defaults (masked keys, bearer tokens), or
	 * {@code observability.logging.mask.keys} empty and {@code mask.bearer-tokens=false}
	 * @return the started encoder
	 */
	static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context, boolean masking) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("benchmarks",
					masking ? Map.of("spring.application.name", "benchmarks")
							: Map.of("spring.application.name", "benchmarks", "observability.logging.mask.keys", "",
									"observability.logging.mask.bearer-tokens", "false")));
		// Boot's encoder reads the environment from the context when it starts (its formatter is built then).
		Object previous = context.getObject(Environment.class.getName());
		context.putObject(Environment.class.getName(), environment);
		try {
			StructuredLogEncoder encoder = new StructuredLogEncoder();
			encoder.setContext(context);
			encoder.setFormat(JsonLogFormatter.class.getName());
			encoder.start();
			return encoder;
		}
		finally {
			if (previous != null) {
				context.putObject(Environment.class.getName(), previous);
			}
			else {
				context.removeObject(Environment.class.getName());
			}
		}
	}

}
