package dev.secretlife.observability.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretlife.observability.jdbc.DataSourceInstrumenter;
import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.JdbcUnitListener;
import dev.secretlife.observability.jdbc.NPlusOneFailFilter;
import dev.secretlife.observability.jdbc.JdbcTracingListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.NPlusOneMode;
import dev.secretlife.observability.jdbc.SqlShapes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true")
		.withBean(SimpleMeterRegistry.class);

	@Test
	void shouldWrapTheDataSourceAndSupplyTheListeners() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DataSourceInstrumenter.class)
				.hasSingleBean(JdbcQueryListener.class)
				.hasSingleBean(JdbcMetrics.class)
				.hasSingleBean(SqlShapes.class)
				.hasSingleBean(JdbcTracingListener.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ProxyDataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class)).isNotNull();
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesTheQueryListener() {
		this.contextRunner.withUserConfiguration(UserListenerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JdbcQueryListener.class).hasBean("userListener");
			assertThat(context.getBean(DataSource.class)).isInstanceOf(ProxyDataSource.class);
		});
	}

	@Test
	void shouldDoNothingWithoutDatasourceProxy() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ProxyDataSource.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(DataSourceInstrumenter.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void shouldDoNothingWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.jdbc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DataSourceInstrumenter.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void shouldLoadNothingTracingRelatedWithoutMicrometerTracing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(JdbcTracingListener.class)
				.hasSingleBean(JdbcQueryListener.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(ProxyDataSource.class);
		});
	}

	@Test
	void shouldLeaveExcludedDataSourcesAlone() {
		this.contextRunner.withUserConfiguration(TwoDataSourcesConfiguration.class)
			.withPropertyValues("observability.jdbc.excluded-data-source-bean-names=reporting")
			.run((context) -> {
				assertThat(context.getBean("orders")).isInstanceOf(ProxyDataSource.class);
				assertThat(context.getBean("reporting")).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void shouldNotWrapTwiceWhenOneDataSourceDelegatesToAnother() {
		this.contextRunner.withUserConfiguration(DelegatingDataSourceConfiguration.class).run((context) -> {
			assertThat(context.getBean("target")).isInstanceOf(ProxyDataSource.class);
			DataSource facade = context.getBean("facade", DataSource.class);
			assertThat(facade).isInstanceOf(DelegatingDataSource.class);
			try (Connection connection = facade.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("select 1");
			}
			assertThat(context.getBean(MeterRegistry.class).get("jdbc.query").timers()).singleElement()
				.satisfies((timer) -> {
					assertThat(timer.count()).isEqualTo(1);
					assertThat(timer.getId().getTag("datasource")).isEqualTo("target");
				});
		});
	}

	@Test
	void shouldWrapTheScopedProxyAndLeaveItsTargetAlone() {
		this.contextRunner.withUserConfiguration(ScopedDataSourceConfiguration.class).run((context) -> {
			assertThat(context.getBean("scopedTarget.scoped")).isNotInstanceOf(ProxyDataSource.class);
			assertThat(context.getBean("scoped")).isInstanceOf(ProxyDataSource.class);
		});
	}

	@Test
	void shouldBindAllProperties() {
		this.contextRunner
			.withPropertyValues("observability.jdbc.n-plus-one.threshold=7", "observability.jdbc.n-plus-one.mode=fail",
					"observability.jdbc.n-plus-one.allowed-statements=select 1,select 2",
					"observability.jdbc.slow-query.threshold=250ms", "observability.jdbc.max-statement-length=80",
					"observability.jdbc.log-parameters=true")
			.run((context) -> {
				JdbcObservabilityProperties properties = context.getBean(JdbcObservabilityProperties.class);
				assertThat(properties.getNPlusOne().getThreshold()).isEqualTo(7);
				assertThat(properties.getNPlusOne().getMode()).isEqualTo(NPlusOneMode.FAIL);
				assertThat(properties.getNPlusOne().getAllowedStatements()).containsExactly("select 1", "select 2");
				assertThat(properties.getSlowQuery().getThreshold()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getMaxStatementLength()).isEqualTo(80);
				assertThat(properties.isLogParameters()).isTrue();
			});
	}

	@Test
	void shouldAccountStatementsPerUnitOfWorkWithoutAFilterInWarnMode() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(NPlusOneDetector.class).hasSingleBean(JdbcUnitListener.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void shouldRegisterTheFailFilterInsideTheObservationFilterOnlyInFailMode() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
			.withPropertyValues("observability.jdbc.n-plus-one.mode=fail")
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(NPlusOneFailFilter.class);
				assertThat(registration.getOrder())
					.isEqualTo(JdbcObservabilityAutoConfiguration.N_PLUS_ONE_FAIL_FILTER_ORDER);
			});
	}

	@Test
	void shouldKeepCountingPerUnitWithoutNPlusOneDetection() {
		this.contextRunner.withPropertyValues("observability.jdbc.n-plus-one.enabled=false",
				"observability.jdbc.n-plus-one.mode=fail")
			.run((context) -> assertThat(context).doesNotHaveBean(NPlusOneDetector.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.hasSingleBean(JdbcUnitListener.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		@Bean
		JdbcQueryListener userListener(JdbcMetrics metrics) {
			return new JdbcQueryListener(metrics, new SqlShapes(), Duration.ofSeconds(5), 100, false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		HikariDataSource orders() {
			return h2("orders");
		}

		@Bean
		HikariDataSource reporting() {
			return h2("reporting");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DelegatingDataSourceConfiguration {

		@Bean
		HikariDataSource target() {
			return h2("target");
		}

		@Bean
		DelegatingDataSource facade(DataSource target) {
			return new DelegatingDataSource(target);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedDataSourceConfiguration {

		@Bean
		@Scope(scopeName = "prototype", proxyMode = ScopedProxyMode.INTERFACES)
		DataSource scoped() {
			return h2("scoped");
		}

	}

	static HikariDataSource h2(String name) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url("jdbc:h2:mem:" + name + "-" + System.nanoTime())
			.build();
	}

}
