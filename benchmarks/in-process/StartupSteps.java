import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.secretlife.observability.sample.SampleApplication;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Where the sample application's startup goes, from Spring's own startup steps: the application starts once with a
 * {@link BufferingApplicationStartup} (arguments are its properties), and each step's own time (its duration less
 * its children's) is added to the owner of what it did. A bean's instantiation belongs to the class that declares
 * the bean (the auto-configuration or configuration class of a {@code @Bean} method, otherwise the bean's class):
 * {@code starter} for the starter's classes, {@code tracing} for Spring Boot's Micrometer Tracing and
 * OpenTelemetry classes (which the starter brings onto the class path), {@code app} for the sample's own, {@code
 * other} for every other bean; steps that are not a bean's instantiation (reading configuration classes, evaluating
 * conditions, post-processing the bean factory, starting the web server) are {@code framework}: not attributed.
 * Prints one {@code STARTUP} line: milliseconds from JVM start to ready, the context's refresh, then the own time
 * of each owner; then a {@code BEAN} line for each of the starter's and tracing's beans of 10 ms or more. Run by {@code in-process/run.sh --startup}.
 */
public class StartupSteps {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(1_000_000);
		application.setApplicationStartup(startup);
		ConfigurableApplicationContext context = application.run(args);
		long ready = ManagementFactory.getRuntimeMXBean().getUptime();
		StartupTimeline timeline = startup.getBufferedTimeline();
		Map<Long, Long> childNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				childNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		ConfigurableListableBeanFactory beans = context.getBeanFactory();
		Map<String, Long> own = new TreeMap<>();
		for (String owner : new String[] { "starter", "tracing", "app", "other", "framework" }) {
			own.put(owner, 0L);
		}
		Map<String, Long> beanNanos = new HashMap<>();
		long refresh = 0;
		for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
			StartupStep step = event.getStartupStep();
			long self = event.getDuration().toNanos() - childNanos.getOrDefault(step.getId(), 0L);
			if (step.getName().equals("spring.context.refresh")) {
				refresh += event.getDuration().toNanos();
			}
			String owner = owner(beans, step);
			own.merge(owner, Math.max(self, 0), Long::sum);
			if (owner.equals("starter") || owner.equals("tracing")) {
				beanNanos.merge(owner + " " + beanName(step), Math.max(self, 0), Long::sum);
			}
		}
		// The starter's and tracing's dearest beans, for finding what need not be built at startup.
		beanNanos.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() >= 10_000_000)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> System.err.println("BEAN " + entry.getKey() + " " + entry.getValue() / 1_000_000));
		StringBuilder line = new StringBuilder("STARTUP ").append(ready).append(' ').append(refresh / 1_000_000);
		own.forEach((owner, nanos) -> line.append(' ').append(owner).append('=').append(nanos / 1_000_000));
		System.err.println(line);
		context.close();
		System.exit(0);
	}

	private static String beanName(StartupStep step) {
		for (StartupStep.Tag tag : step.getTags()) {
			if (tag.getKey().equals("beanName")) {
				return tag.getValue();
			}
		}
		return "?";
	}

	private static String owner(ConfigurableListableBeanFactory beans, StartupStep step) {
		if (!step.getName().equals("spring.beans.instantiate")) {
			return "framework";
		}
		String beanName = null;
		String origin = null;
		for (StartupStep.Tag tag : step.getTags()) {
			if (tag.getKey().equals("beanName")) {
				beanName = tag.getValue();
			}
			else if (tag.getKey().equals("beanType")) {
				origin = tag.getValue();
			}
		}
		if (beanName != null && beans.containsBeanDefinition(beanName)) {
			BeanDefinition definition = beans.getMergedBeanDefinition(beanName);
			String factory = definition.getFactoryBeanName();
			if (factory != null && beans.containsBeanDefinition(factory)
					&& beans.getMergedBeanDefinition(factory).getBeanClassName() != null) {
				origin = beans.getMergedBeanDefinition(factory).getBeanClassName();
			}
			else if (definition.getBeanClassName() != null) {
				origin = definition.getBeanClassName();
			}
		}
		if (origin == null) {
			origin = (beanName != null) ? beanName : "";
		}
		if (origin.startsWith("dev.secretlife.observability.sample")) {
			return "app";
		}
		if (origin.startsWith("dev.secretlife.observability")) {
			return "starter";
		}
		if (origin.contains(".tracing.") || origin.startsWith("io.opentelemetry")) {
			return "tracing";
		}
		return "other";
	}

}
