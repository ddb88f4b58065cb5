package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
	SpanCollector spanCollector() {
		return new SpanCollector();
	}

}
