package dev.secretlife.observability.autoconfigure.jdbc;

import java.util.Set;

import javax.sql.DataSource;

import dev.secretlife.observability.jdbc.DataSourceInstrumenter;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Wraps every {@link DataSource} bean once it is initialized, unless its name is excluded, it is the target of a
 * scoped proxy (the proxy is wrapped instead, once), or it is instrumented already, itself or through the data
 * source it delegates to.
 */
class DataSourceInstrumentingBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final ObjectProvider<DataSourceInstrumenter> instrumenter;

	private final ObjectProvider<JdbcObservabilityProperties> properties;

	/**
	 * Creates the post-processor.
	 * @param instrumenter provides the instrumenter, lazily: a post-processor is created before any other bean
	 * @param properties provides the properties (for the excluded bean names), lazily for the same reason: they are
	 * bound when the first data source is post-processed
	 */
	DataSourceInstrumentingBeanPostProcessor(ObjectProvider<DataSourceInstrumenter> instrumenter,
			ObjectProvider<JdbcObservabilityProperties> properties) {
		this.instrumenter = instrumenter;
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource
				&& !this.properties.getObject().getExcludedDataSourceBeanNames().contains(beanName)
				&& !ScopedProxyUtils.isScopedTarget(beanName) && !DataSourceInstrumenter.isInstrumented(dataSource)) {
			return this.instrumenter.getObject().instrument(beanName, dataSource);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		// Last, so that other post-processors (Boot's pool metrics, checkpoint-restore) see the real pool.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
