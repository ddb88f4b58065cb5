package dev.secretlife.observability.testapp.scheduled;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A newcomer's application with {@code @Scheduled} methods and no configuration of the starter, started in a child
 * JVM: one run that counts, one that repeats a statement shape (N+1), one that fails.
 */
@SpringBootApplication
@EnableScheduling
public class ScheduledTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(ScheduledTestApplication.class, args);
	}

	@Component
	static class ReportJobs {

		private static final Logger log = LoggerFactory.getLogger(ReportJobs.class);

		private final JdbcTemplate jdbc;

		ReportJobs(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists orders (id int primary key, customer varchar(32))");
			jdbc.update("merge into orders key (id) values (1, 'ada'), (2, 'grace'), (3, 'linus'), (4, 'barbara'), "
					+ "(5, 'ken'), (6, 'dennis')");
		}

		@Scheduled(fixedDelay = 300, initialDelay = 100)
		void countOrders() {
			Integer count = this.jdbc.queryForObject("select count(*) from orders", Integer.class);
			log.info("counted {} orders", count);
		}

		@Scheduled(fixedDelay = 300, initialDelay = 150)
		void loadCustomersOneByOne() {
			for (int id = 1; id <= 6; id++) {
				this.jdbc.queryForObject("select customer from orders where id = " + id, String.class);
			}
			log.info("loaded customers one by one");
		}

		@Scheduled(fixedDelay = 300, initialDelay = 200)
		void failToReconcile() {
			this.jdbc.queryForObject("select count(*) from orders", Integer.class);
			log.info("reconciling");
			throw new IllegalStateException("ledger out of balance");
		}

	}

}
