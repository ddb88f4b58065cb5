package dev.secretlife.observability.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.loggingevent.StackHashJsonProvider;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashCommonFieldNames;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.FieldMasker;
import net.logstash.logback.mask.MaskingJsonGenerator;
import net.logstash.logback.mask.ValueMasker;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The starter's JSON encoder: logstash-logback-encoder's {@link LogstashEncoder} writing one JSON object per line
 * with the fields {@code @timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, the service
 * fields ({@code service}, {@code version}, {@code environment}), every MDC entry, SLF4J key-values and structured
 * arguments as top-level fields, and for exceptions a shortened {@code stack_trace} (root cause first) with a
 * {@code stack_hash} that is the same for every occurrence of the same failure.
 * <p>
 * Secrets are masked by {@link SecretFieldMasker} and {@link SecretValueMasker}; duplicate top-level names are
 * renamed by {@link UniqueFieldNamesJsonGenerator}. An event that cannot be encoded (whatever the reason) is written
 * as a minimal JSON line that says so, never dropped and never thrown into the application.
 * <p>
 * Configured with setters, so that it can also be declared in a logback XML file.
 */
public class JsonLogEncoder extends LogstashEncoder {

	/** Name of the stack hash field. */
	public static final String STACK_HASH_FIELD = "stack_hash";

	/** The default secret keys. */
	public static final List<String> DEFAULT_MASKED_KEYS = SecretText.DEFAULT_KEYS;

	private @Nullable String serviceName;

	private @Nullable String serviceVersion;

	private @Nullable String environment;

	private List<String> maskedKeys = new ArrayList<>(DEFAULT_MASKED_KEYS);

	private List<String> maskedValuePatterns = new ArrayList<>();

	private boolean maskBearerTokens = true;

	private boolean stackTraceRootCauseFirst = true;

	private int stackTraceMaxDepthPerThrowable = 30;

	private int stackTraceMaxLength = 16384;

	private boolean stackHash = true;

	private @Nullable SecretValueMasker valueMasker;

	private boolean keyValuesCustomized;

	public JsonLogEncoder() {
		setLineSeparator("UNIX");
		// The logger context properties are Boot's pattern settings, not facts about the event.
		setIncludeContext(false);
	}

	@Override
	public void start() {
		if (isStarted()) {
			return;
		}
		LogstashFieldNames names = getFieldNames();
		names.setLogger("logger");
		names.setThread("thread");
		names.setVersion(LogstashCommonFieldNames.IGNORE_FIELD_INDICATOR);
		names.setLevelValue(LogstashCommonFieldNames.IGNORE_FIELD_INDICATOR);
		setThrowableConverter(throwableConverter());
		if (isIncludeKeyValuePairs() && !this.keyValuesCustomized && getIncludeKeyValueKeyNames().isEmpty()
				&& getExcludeKeyValueKeyNames().isEmpty() && names.getKeyValuePair() == null) {
			// Key-values by the starter's provider: the same fields, without a serializer lookup per scalar value.
			// A logback XML that configures the stock provider (key filters, renames, nesting) keeps it.
			setIncludeKeyValuePairs(false);
			addProvider(new ScalarKeyValuePairsJsonProvider());
		}
		if (this.stackHash) {
			StackHashJsonProvider stackHash = new StackHashJsonProvider();
			stackHash.setFieldName(STACK_HASH_FIELD);
			addProvider(stackHash);
		}
		// MDC values are strings: written as such, not through Jackson's serializer lookup. Entry writers configured
		// before start (for example in logback XML) come first and keep their say.
		addMdcEntryWriter(JsonLogEncoder::writeMdcString);
		Map<String, String> serviceFields = serviceFields();
		if (!serviceFields.isEmpty()) {
			addProvider(new ServiceFieldsJsonProvider(serviceFields));
		}
		List<FieldMasker> fieldMaskers = new ArrayList<>();
		if (!this.maskedKeys.isEmpty()) {
			fieldMaskers.add(new SecretFieldMasker(this.maskedKeys, MaskingJsonGenerator.MASK));
		}
		SecretValueMasker valueMasker = new SecretValueMasker(this.maskedKeys, this.maskBearerTokens,
				this.maskedValuePatterns, MaskingJsonGenerator.MASK);
		this.valueMasker = valueMasker;
		addDecorator(new SafeJsonGeneratorDecorator(fieldMaskers, List.<ValueMasker>of(valueMasker)));
		super.start();
	}

	private ShortenedThrowableConverter throwableConverter() {
		ShortenedThrowableConverter converter = new ShortenedThrowableConverter();
		converter.setRootCauseFirst(this.stackTraceRootCauseFirst);
		converter.setMaxDepthPerThrowable(this.stackTraceMaxDepthPerThrowable);
		converter.setMaxLength(this.stackTraceMaxLength);
		return converter;
	}

	private Map<String, String> serviceFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		putIfText(fields, "service", this.serviceName);
		putIfText(fields, "version", this.serviceVersion);
		putIfText(fields, "environment", this.environment);
		return fields;
	}

	private static boolean writeMdcString(JsonGenerator generator, String fieldName, String mdcKey, String mdcValue) {
		generator.writeStringProperty(fieldName, mdcValue);
		return true;
	}

	private static void putIfText(Map<String, String> fields, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			fields.put(name, value);
		}
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		try {
			byte[] encoded = super.encode(event);
			if (encoded.length > 0) {
				return encoded;
			}
			return fallback(event, null);
		}
		catch (RuntimeException | LinkageError ex) {
			return fallback(event, ex);
		}
	}

	/**
	 * A minimal line for an event the encoder failed on: still JSON, still one line, with the original message
	 * (masked like any other) so that nothing is lost silently.
	 */
	private byte[] fallback(ILoggingEvent event, @Nullable Throwable failure) {
		StringBuilder line = new StringBuilder(256);
		line.append("{\"@timestamp\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
		appendField(line, "level", String.valueOf(event.getLevel()));
		appendField(line, "logger", event.getLoggerName());
		appendField(line, "thread", event.getThreadName());
		String message;
		try {
			message = event.getFormattedMessage();
		}
		catch (RuntimeException ex) {
			message = event.getMessage();
		}
		appendField(line, "message", (message != null) ? maskedForFallback(message).toString() : null);
		appendField(line, "log_encoding_error",
				(failure != null) ? failure.getClass().getName() : "empty output from the JSON encoder");
		line.append("}\n");
		return line.toString().getBytes(StandardCharsets.UTF_8);
	}

	private Object maskedForFallback(String message) {
		SecretValueMasker masker = this.valueMasker;
		if (masker == null) {
			return message;
		}
		try {
			Object masked = masker.mask(null, message);
			return (masked != null) ? masked : message;
		}
		catch (RuntimeException ex) {
			return MaskingJsonGenerator.MASK;
		}
	}

	private static void appendField(StringBuilder line, String name, @Nullable String value) {
		line.append(",\"").append(name).append("\":\"");
		if (value != null) {
			JsonStringEncoder.getInstance().quoteAsString(value, line);
		}
		line.append('"');
	}

	@Override
	public void addKeyValueKeyFieldName(String keyValueKeyFieldName) {
		this.keyValuesCustomized = true;
		super.addKeyValueKeyFieldName(keyValueKeyFieldName);
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public List<String> getMaskedKeys() {
		return this.maskedKeys;
	}

	public void setMaskedKeys(List<String> maskedKeys) {
		this.maskedKeys = new ArrayList<>(maskedKeys);
	}

	public List<String> getMaskedValuePatterns() {
		return this.maskedValuePatterns;
	}

	public void setMaskedValuePatterns(List<String> maskedValuePatterns) {
		this.maskedValuePatterns = new ArrayList<>(maskedValuePatterns);
	}

	public boolean isMaskBearerTokens() {
		return this.maskBearerTokens;
	}

	public void setMaskBearerTokens(boolean maskBearerTokens) {
		this.maskBearerTokens = maskBearerTokens;
	}

	public boolean isStackTraceRootCauseFirst() {
		return this.stackTraceRootCauseFirst;
	}

	public void setStackTraceRootCauseFirst(boolean stackTraceRootCauseFirst) {
		this.stackTraceRootCauseFirst = stackTraceRootCauseFirst;
	}

	public int getStackTraceMaxDepthPerThrowable() {
		return this.stackTraceMaxDepthPerThrowable;
	}

	public void setStackTraceMaxDepthPerThrowable(int stackTraceMaxDepthPerThrowable) {
		this.stackTraceMaxDepthPerThrowable = stackTraceMaxDepthPerThrowable;
	}

	public int getStackTraceMaxLength() {
		return this.stackTraceMaxLength;
	}

	public void setStackTraceMaxLength(int stackTraceMaxLength) {
		this.stackTraceMaxLength = stackTraceMaxLength;
	}

	public boolean isStackHash() {
		return this.stackHash;
	}

	/**
	 * Sets whether an event with an exception gets a {@code stack_hash} field.
	 * @param stackHash whether to write the hash
	 */
	public void setStackHash(boolean stackHash) {
		this.stackHash = stackHash;
	}

}
