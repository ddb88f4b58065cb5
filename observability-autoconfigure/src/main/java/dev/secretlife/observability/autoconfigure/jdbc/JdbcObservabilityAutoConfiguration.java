package dev.secretlife.observability.autoconfigure.jdbc;

import java.util.HashSet;
import java.util.List;

import javax.sql.DataSource;

import dev.secretlife.observability.jdbc.DataSourceInstrumenter;
import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.JdbcRequestFilter;
import dev.secretlife.observability.jdbc.JdbcTracingListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.SqlShapes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link AutoConfiguration Auto-configuration} of the JDBC instrumentation: every {@link DataSource} bean is wrapped
 * with datasource-proxy, its statements are timed, slow ones logged, and, in a servlet application, accounted to the
 * request that ran them and checked for N+1 patterns; with Micrometer Tracing, each statement is a span.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, ProxyDataSource.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "observability.jdbc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcObservabilityProperties.class)
public final class JdbcObservabilityAutoConfiguration {

	/**
	 * Order of the per-request accounting filter: inside the request ID filter, Boot's observation filter (so that
	 * warnings carry the trace ID) and the request log filter (so that its line gets {@code dbQueries}), outside
	 * everything else.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

	/** Order of the metrics listener among the listeners of a wrapped data source. */
	static final int QUERY_LISTENER_ORDER = 0;

	/** Order of the tracing listener: before the metrics listener, so that the span covers it. */
	static final int TRACING_LISTENER_ORDER = -10;

	@Bean
	static DataSourceInstrumentingBeanPostProcessor dataSourceInstrumentingBeanPostProcessor(Environment environment,
			ObjectProvider<DataSourceInstrumenter> instrumenter) {
		// Bound from the environment: a post-processor must not pull the properties bean in early.
		List<String> excluded = Binder.get(environment)
			.bind("observability.jdbc.excluded-data-source-bean-names", Bindable.listOf(String.class))
			.orElse(List.of());
		return new DataSourceInstrumentingBeanPostProcessor(instrumenter, new HashSet<>(excluded));
	}

	@Bean
	@ConditionalOnMissingBean
	SqlShapes jdbcSqlShapes() {
		return new SqlShapes();
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcMetrics jdbcMetrics(ObjectProvider<MeterRegistry> registry) {
		// A data source without a registry still works: meters then go to an empty composite, which drops them.
		return new JdbcMetrics(() -> registry.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	@Order(QUERY_LISTENER_ORDER)
	@ConditionalOnMissingBean
	JdbcQueryListener jdbcQueryListener(JdbcMetrics metrics, SqlShapes shapes,
			JdbcObservabilityProperties properties) {
		JdbcObservabilityProperties.SlowQuery slowQuery = properties.getSlowQuery();
		return new JdbcQueryListener(metrics, shapes, slowQuery.isEnabled() ? slowQuery.getThreshold() : null,
				properties.getMaxStatementLength(), properties.isLogParameters());
	}

	@Bean
	@ConditionalOnMissingBean
	DataSourceInstrumenter dataSourceInstrumenter(ObjectProvider<QueryExecutionListener> listeners) {
		return new DataSourceInstrumenter(listeners.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@Order(TRACING_LISTENER_ORDER)
		@ConditionalOnMissingBean
		JdbcTracingListener jdbcTracingListener(ObjectProvider<Tracer> tracer, SqlShapes shapes,
				JdbcObservabilityProperties properties) {
			return new JdbcTracingListener(tracer::getIfAvailable, shapes, properties.getMaxStatementLength());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "observability.jdbc.n-plus-one.enabled", matchIfMissing = true)
		NPlusOneDetector jdbcNPlusOneDetector(JdbcMetrics metrics, JdbcObservabilityProperties properties) {
			JdbcObservabilityProperties.NPlusOne nPlusOne = properties.getNPlusOne();
			return new NPlusOneDetector(nPlusOne.getThreshold(), nPlusOne.getMode(), nPlusOne.getAllowedStatements(),
					metrics, properties.getMaxStatementLength());
		}

		@Bean
		@ConditionalOnMissingFilterBean(JdbcRequestFilter.class)
		FilterRegistrationBean<JdbcRequestFilter> jdbcRequestFilter(JdbcMetrics metrics,
				ObjectProvider<NPlusOneDetector> detector) {
			@Nullable NPlusOneDetector nPlusOneDetector = detector.getIfAvailable();
			FilterRegistrationBean<JdbcRequestFilter> registration = new FilterRegistrationBean<>(
					new JdbcRequestFilter(metrics, nPlusOneDetector));
			registration.setOrder(FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

}
