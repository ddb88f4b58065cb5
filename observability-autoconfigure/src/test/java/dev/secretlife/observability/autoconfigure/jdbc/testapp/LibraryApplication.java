package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * A small web application with JPA and JdbcClient over whatever database {@code spring.datasource.url} names.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableJpaRepositories(basePackageClasses = AuthorRepository.class)
@Import({ LibraryController.class, LibraryData.class })
public class LibraryApplication {

	@Bean
	FilterRegistrationBean<SummaryCapturingFilter> summaryCapturingFilter() {
		FilterRegistrationBean<SummaryCapturingFilter> registration = new FilterRegistrationBean<>(
				new SummaryCapturingFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	SpanCollector spanCollector() {
		return new SpanCollector();
	}

}
