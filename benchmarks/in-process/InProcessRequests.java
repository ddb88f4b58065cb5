import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.sample.SampleApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.DefaultMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The sample application's requests in-process, without the servlet container: the application starts as usual
 * (arguments are its properties), then one thread sends {@code -Dwarm} requests through MockMvc with every filter the
 * application registers, in the application's order, and measures {@code -Drounds} rounds of {@code -Dn} requests.
 * Prints one {@code RESULT} line per round: the thread's CPU time per request (the application's own work on the
 * request thread, without Tomcat, sockets or the scheduler), the process's CPU time per request (with background
 * threads such as the span exporter's), wall time, and the bytes the request thread allocated per request. Run by
 * {@code in-process/run.sh}.
 */
public class InProcessRequests {

	public static void main(String[] args) throws Exception {
		String endpoint = System.getProperty("endpoint", "/products/1");
		int warm = Integer.getInteger("warm", 150_000);
		int n = Integer.getInteger("n", 40_000);
		int rounds = Integer.getInteger("rounds", 3);
		ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
		DefaultMockMvcBuilder builder = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context);
		List<String> filters = new ArrayList<>();
		for (ServletContextInitializer initializer : new ServletContextInitializerBeans(context.getBeanFactory())) {
			if (initializer instanceof FilterRegistrationBean<?> registration && registration.isEnabled()) {
				builder.addFilters(registration.getFilter());
				filters.add(registration.getFilter().getClass().getSimpleName());
			}
		}
		MockMvc mvc = builder.build();
		int status = mvc.perform(get(endpoint)).andReturn().getResponse().getStatus();
		System.err.println("FILTERS " + filters + " STATUS " + status);
		if (status != 200) {
			System.exit(1);
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		for (int i = 0; i < warm; i++) {
			mvc.perform(get(endpoint));
		}
		for (int round = 0; round < rounds; round++) {
			long thread = threads.getCurrentThreadCpuTime();
			long process = os.getProcessCpuTime();
			long wall = System.nanoTime();
			long allocated = allocatedBytes(threads);
			for (int i = 0; i < n; i++) {
				mvc.perform(get(endpoint));
			}
			System.err.printf("RESULT %.2f %.2f %.2f %.0f%n", (threads.getCurrentThreadCpuTime() - thread) / 1e3 / n,
					(os.getProcessCpuTime() - process) / 1e3 / n, (System.nanoTime() - wall) / 1e3 / n,
					(allocatedBytes(threads) - allocated) / (double) n);
		}
		context.close();
		System.exit(0);
	}

	private static long allocatedBytes(ThreadMXBean threads) {
		return ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(Thread.currentThread().getId());
	}

}
