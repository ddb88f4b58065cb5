package dev.secretlife.observability.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * One log event per operation, through a real logback logger and appender into a stream that discards the bytes:
 * an INFO message with one argument, the request's MDC (request ID, trace ID, span ID) and one key-value. Only the
 * encoder differs between the benchmarks, so the differences are the cost of the format. {@code -prof gc} gives the
 * bytes allocated per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoggingBenchmarks {

	static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level [%thread] %logger{39} "
			+ "[%X{requestId},%X{traceId},%X{spanId}] : %msg %kvp%n";

	/** One logger per format, each with its own appender, all in the application's logger context. */
	@State(Scope.Benchmark)
	public static class Loggers {

		private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

		Logger patternLayout;

		Logger bootLogstash;

		Logger logstashEncoder;

		Logger starterEncoder;

		Logger starterEncoderMasking;

		@Setup
		public void setUp() {
			this.context.putObject(Environment.class.getName(), new StandardEnvironment());
			PatternLayoutEncoder pattern = new PatternLayoutEncoder();
			pattern.setContext(this.context);
			pattern.setPattern(PATTERN);
			this.patternLayout = logger("pattern-layout", pattern);
			StructuredLogEncoder boot = new StructuredLogEncoder();
			boot.setContext(this.context);
			boot.setFormat("logstash");
			this.bootLogstash = logger("boot-logstash", boot);
			LogstashEncoder logstash = new LogstashEncoder();
			logstash.setContext(this.context);
			this.logstashEncoder = logger("logstash-encoder", logstash);
			this.starterEncoder = logger("starter-encoder", StarterComponents.jsonEncoder(this.context, false));
			this.starterEncoderMasking = logger("starter-encoder-masking",
					StarterComponents.jsonEncoder(this.context, true));
		}

		private Logger logger(String name, Encoder<ILoggingEvent> encoder) {
			if (!encoder.isStarted()) {
				encoder.start();
			}
			OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
			appender.setContext(this.context);
			appender.setName(name);
			appender.setEncoder(encoder);
			appender.setOutputStream(new DiscardingOutputStream());
			appender.start();
			Logger logger = this.context.getLogger("benchmarks.logging." + name);
			logger.setAdditive(false);
			logger.setLevel(Level.INFO);
			logger.addAppender(appender);
			return logger;
		}

		@TearDown
		public void tearDown() {
			for (Logger logger : new Logger[] { this.patternLayout, this.bootLogstash, this.logstashEncoder,
					this.starterEncoder, this.starterEncoderMasking }) {
				logger.detachAndStopAllAppenders();
			}
		}

	}

	/** The request's IDs in the MDC of each benchmark thread, as the request ID filter and the tracer put them. */
	@State(Scope.Thread)
	public static class RequestMdc {

		@Setup
		public void setUp() {
			MDC.put("requestId", "0f8fad5b-d9cb-469f-a165-70867728950e");
			MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
			MDC.put("spanId", "00f067aa0ba902b7");
		}

		@TearDown
		public void tearDown() {
			MDC.clear();
		}

	}

	/** The baseline of the group: a plain-text {@code PatternLayout} line with the same MDC and key-value. */
	@Benchmark
	public void patternLayout(Loggers loggers, RequestMdc mdc) {
		logEvent(loggers.patternLayout);
	}

	/** Boot's built-in {@code logging.structured.format.console=logstash}. */
	@Benchmark
	public void bootStructuredLogstash(Loggers loggers, RequestMdc mdc) {
		logEvent(loggers.bootLogstash);
	}

	/** logstash-logback-encoder's {@code LogstashEncoder} with its defaults. */
	@Benchmark
	public void logstashEncoderDefaults(Loggers loggers, RequestMdc mdc) {
		logEvent(loggers.logstashEncoder);
	}

	/**
	 * This starter's JSON, as an application gets it: Boot's structured logging with the starter's formatter
	 * ({@code JsonLogEncoder}: service fields, unique field names, safe generator), masking off.
	 */
	@Benchmark
	public void starterEncoder(Loggers loggers, RequestMdc mdc) {
		logEvent(loggers.starterEncoder);
	}

	/**
	 * The same with masking on, the default (the masked keys and bearer tokens; the event's key-value is a masked
	 * field).
	 */
	@Benchmark
	public void starterEncoderMasking(Loggers loggers, RequestMdc mdc) {
		logEvent(loggers.starterEncoderMasking);
	}

	private static void logEvent(Logger logger) {
		logger.atInfo()
			.addKeyValue(StarterComponents.MASKED_FIELD, "hunter2")
			.log("Order {} placed", 42);
	}

	/** Counts nothing and keeps nothing: the cost of a real console or file is not the encoder's. */
	static final class DiscardingOutputStream extends OutputStream {

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
		}

	}

}
