package dev.secretlife.observability.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.secretlife.observability.autoconfigure.unit.UnitOfWorkAutoConfiguration;
import dev.secretlife.observability.jdbc.DataSourceInstrumenter;
import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.JdbcTracingListener;
import dev.secretlife.observability.jdbc.JdbcUnitListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.NPlusOneFailFilter;
import dev.secretlife.observability.jdbc.SqlShapes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link AutoConfiguration Auto-configuration} of the JDBC instrumentation: every {@link DataSource} bean is wrapped
 * with datasource-proxy, its statements are timed, slow ones logged, accounted to the unit of work (request or
 * scheduled run) that ran them and checked for N+1 patterns when it ends; with Micrometer Tracing, each statement is
 * a span.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, ProxyDataSource.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "observability.jdbc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcObservabilityProperties.class)
public final class JdbcObservabilityAutoConfiguration {

	/**
	 * Order of the N+1 fail-mode filter (registered only in fail mode): inside the request ID filter and Boot's
	 * observation filter ({@code HIGHEST_PRECEDENCE + 1}), so that the request's unit of work is current and its
	 * exception is recorded on the observation; outside everything else.
	 */
	public static final int N_PLUS_ONE_FAIL_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	/** Order of the metrics listener among the listeners of a wrapped data source. */
	static final int QUERY_LISTENER_ORDER = 0;

	/** Order of the tracing listener: before the metrics listener, so that the span covers it. */
	static final int TRACING_LISTENER_ORDER = -10;

	@Bean
	static DataSourceInstrumentingBeanPostProcessor dataSourceInstrumentingBeanPostProcessor(
			ObjectProvider<DataSourceInstrumenter> instrumenter, ObjectProvider<JdbcObservabilityProperties> properties) {
		return new DataSourceInstrumentingBeanPostProcessor(instrumenter, properties);
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
			return new JdbcTracingListener(tracer::getIfAvailable, shapes, properties.getMaxStatementLength(),
					properties.isRecordErrorMessages());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.jdbc.n-plus-one.enabled", matchIfMissing = true)
	static class NPlusOneConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NPlusOneDetector jdbcNPlusOneDetector(JdbcMetrics metrics, JdbcObservabilityProperties properties) {
			JdbcObservabilityProperties.NPlusOne nPlusOne = properties.getNPlusOne();
			return new NPlusOneDetector(nPlusOne.getThreshold(), nPlusOne.getMode(), nPlusOne.getAllowedStatements(),
					metrics, properties.getMaxStatementLength());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = Type.SERVLET)
		@ConditionalOnClass({ OncePerRequestFilter.class, ServerRequestObservationContext.class })
		@ConditionalOnProperty(name = "observability.jdbc.n-plus-one.mode", havingValue = "fail")
		static class FailModeConfiguration {

			@Bean
			@ConditionalOnMissingFilterBean(NPlusOneFailFilter.class)
			FilterRegistrationBean<NPlusOneFailFilter> jdbcNPlusOneFailFilter(NPlusOneDetector detector) {
				FilterRegistrationBean<NPlusOneFailFilter> registration = new FilterRegistrationBean<>(
						new NPlusOneFailFilter(detector));
				registration.setOrder(N_PLUS_ONE_FAIL_FILTER_ORDER);
				registration.setDispatcherTypes(DispatcherType.REQUEST);
				return registration;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	static class UnitOfWorkConfiguration {

		@Bean
		@Order(UnitOfWorkAutoConfiguration.JDBC_LISTENER_ORDER)
		@ConditionalOnMissingBean
		JdbcUnitListener jdbcUnitListener(JdbcMetrics metrics, ObjectProvider<NPlusOneDetector> detector) {
			return new JdbcUnitListener(metrics, detector.getIfAvailable());
		}

	}

}
