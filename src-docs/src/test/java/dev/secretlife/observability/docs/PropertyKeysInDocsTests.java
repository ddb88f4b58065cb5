package dev.secretlife.observability.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration property that the README, the reference pages, the sample's configuration and the scripts that
 * start the sample (e2e, benchmarks) name is one that Spring Boot's metadata (every
 * {@code META-INF/spring-configuration-metadata.json} on this class path: Boot's modules the sample uses, and the
 * starter's) knows and does not mark deprecated. A property Boot renames or retires fails the build here, not in a
 * user's application.
 */
class PropertyKeysInDocsTests {

	private static final Path ROOT = Path.of("..");

	private static final String DEPRECATED_SECTION = "## Deprecated properties";

	/** Names that look like properties but are not in any metadata, each with the reason. */
	private static final Map<String, String> NOT_PROPERTIES = Map.ofEntries(
			Map.entry("observability.request", "logger name of the request summary line"),
			Map.entry("observability.task", "logger name of the @Scheduled run summary line"),
			Map.entry("observability.message", "logger name of the consumed-record summary line"),
			Map.entry("observability.error", "logger name of the failure line"),
			Map.entry("observability.errors", "meter name of the failure counter (and the prefix of its properties)"),
			Map.entry("observability.errors.fingerprints", "meter name of the distinct-failures gauge"),
			Map.entry("spring.kafka.listener", "name of Spring Kafka's listener observation"),
			Map.entry("observability.logging.events.dropped", "meter name"),
			Map.entry("observability.logging.buffer.flushed", "meter name of the units whose held log lines were written"),
			Map.entry("observability.tracing.spans.dropped", "meter name"),
			Map.entry("observability.tracing.units.kept", "meter name"),
			Map.entry("observability.kept", "attribute of a kept trace's root span"),
			Map.entry("spring.factories", "file name"),
			Map.entry("management.tracing.export.zipkin.enabled",
					"read by Boot's @ConditionalOnEnabledTracingExport(\"zipkin\") (management.tracing.export.%s.enabled)"
							+ " but missing from spring-boot-zipkin's metadata, unlike ...export.otlp.enabled"),
			Map.entry("observability.test.postgres.url", "system property the build passes to the PostgreSQL tests"),
			Map.entry("sample.peer-url", "the sample application's own setting (@Value), no metadata"),
			Map.entry("sample.slow-query-seconds", "the sample application's own setting (@Value), no metadata"),
			Map.entry("sample.stock-audit.initial-delay", "the sample application's own setting (@Value), no metadata"),
			Map.entry("sample.stock-audit.interval", "the sample application's own setting (@Value), no metadata"),
			Map.entry("e2e.zipkin-endpoint", "set by e2e/run.sh, read by the sample's e2e profile as a placeholder"),
			Map.entry("local.server.port", "set by Spring Boot at run time (the port the server bound), no metadata"));

	/** First segments of application-specific settings named in the sample's configuration and the scripts. */
	private static final Set<String> OWN_ROOTS = Set.of("sample", "e2e", "local");

	private static final Pattern KEY = Pattern
		.compile("(?:(?<=--)|(?<![\\w.$/-]))([a-z][a-z0-9]*(?:\\.[a-zA-Z0-9][a-zA-Z0-9_-]*)+(?:\\.\\*)?)");

	private static final Pattern COMMAND_LINE_KEY = Pattern.compile("(?:^|\\s|\")--([a-z][\\w.-]*\\.[\\w.*-]+)=");

	private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

	private static Map<String, JsonNode> metadata;

	private static Set<String> mapProperties;

	private static Set<String> roots;

	@BeforeAll
	static void loadMetadata() throws IOException {
		metadata = new HashMap<>();
		mapProperties = new HashSet<>();
		roots = new HashSet<>(OWN_ROOTS);
		ObjectMapper mapper = new ObjectMapper();
		Enumeration<URL> resources = PropertyKeysInDocsTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				for (JsonNode property : mapper.readTree(in).path("properties")) {
					String name = property.get("name").asString();
					metadata.merge(name, property, (first, second) -> first.has("deprecation") ? first : second);
					if (property.path("type").asString("").startsWith("java.util.Map<")) {
						mapProperties.add(name);
					}
					roots.add(name.substring(0, Math.max(name.indexOf('.'), 0)));
				}
			}
		}
	}

	@Test
	void theMetadataKnowsBootsModulesAndTheStarter() {
		assertThat(metadata).containsKeys("management.tracing.export.zipkin.endpoint",
				"management.opentelemetry.tracing.export.otlp.endpoint", "spring.jpa.open-in-view",
				"observability.request-id.header");
		assertThat(deprecation("management.zipkin.tracing.endpoint")).as("a key Boot 4.0 deprecated is seen as such")
			.contains("management.tracing.export.zipkin.endpoint");
	}

	@Test
	void everySourceIsRead() throws IOException {
		Map<String, Set<String>> keys = keysBySource();
		assertThat(keys.get("README.md")).contains("observability.request-id.header",
				"management.opentelemetry.tracing.export.otlp.endpoint");
		assertThat(keys.get("src-docs/src/docs/tracing.md")).contains("management.tracing.sampling.probability");
		assertThat(keys.get("sample-app/src/main/resources/application.yml"))
			.contains("management.tracing.export.zipkin.endpoint", "spring.jpa.open-in-view");
		assertThat(keys.get("e2e/run.sh")).contains("spring.datasource.url", "observability.logging.format");
	}

	@Test
	void docsSampleAndScriptsNameNoDeprecatedProperty() throws IOException {
		Map<String, String> deprecated = new TreeMap<>();
		keysBySource().forEach((source, keys) -> keys.forEach((key) -> {
			String deprecation = deprecation(key);
			if (deprecation != null) {
				deprecated.put(source + ": " + key, deprecation);
			}
		}));
		assertThat(deprecated).isEmpty();
	}

	@Test
	void docsSampleAndScriptsNameOnlyPropertiesTheMetadataKnows() throws IOException {
		Set<String> unknown = new TreeSet<>();
		keysBySource().forEach((source, keys) -> keys.forEach((key) -> {
			if (!isKnown(key) && !NOT_PROPERTIES.containsKey(key)) {
				unknown.add(source + ": " + key);
			}
		}));
		assertThat(unknown).isEmpty();
	}

	private static String deprecation(String key) {
		JsonNode property = metadata.get(key);
		if (property == null || !(property.has("deprecation") || property.path("deprecated").asBoolean(false))) {
			return null;
		}
		JsonNode deprecation = property.path("deprecation");
		return "deprecated (level " + deprecation.path("level").asString("warning") + "), use "
				+ deprecation.path("replacement").asString("nothing: no replacement");
	}

	private static boolean isKnown(String key) {
		if (metadata.containsKey(key)) {
			return true;
		}
		if (key.endsWith(".*")) {
			String prefix = key.substring(0, key.length() - 1);
			return metadata.keySet().stream().anyMatch((name) -> name.startsWith(prefix));
		}
		// a key of a map property, e.g. logging.level.<logger> or ...percentiles-histogram.<meter>
		return mapProperties.stream().anyMatch((map) -> key.startsWith(map + "."));
	}

	private static Map<String, Set<String>> keysBySource() throws IOException {
		Map<String, Set<String>> keys = new TreeMap<>();
		List<Path> markdown = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("src-docs/src/docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(markdown::add);
		}
		for (Path path : markdown) {
			keys.put(name(path), fromMarkdown(withoutDeprecatedSection(Files.readString(path))));
		}
		for (Path path : files("sample-app/src/main/resources", "sample-app/src/test/resources")) {
			String file = path.getFileName().toString();
			if (file.matches("application.*\\.(yml|yaml)")) {
				keys.put(name(path), fromYaml(Files.readString(path)));
			}
			else if (file.matches("application.*\\.properties")) {
				keys.put(name(path), fromProperties(Files.readString(path)));
			}
		}
		for (Path path : files("e2e", "scripts", "benchmarks", "benchmarks/in-process")) {
			if (path.toString().endsWith(".sh")) {
				keys.put(name(path), fromCommandLine(Files.readString(path)));
			}
		}
		keys.values().forEach((found) -> found.removeIf((key) -> !roots.contains(key.substring(0, key.indexOf('.')))));
		return keys;
	}

	/**
	 * Leaves out a section headed {@value #DEPRECATED_SECTION}, where the configuration-properties page lists the
	 * starter's own deprecated keys with their replacements (they still work, so they are documented).
	 */
	static String withoutDeprecatedSection(String markdown) {
		int start = markdown.indexOf(DEPRECATED_SECTION);
		if (start < 0) {
			return markdown;
		}
		int end = markdown.indexOf("\n## ", start + DEPRECATED_SECTION.length());
		return markdown.substring(0, start) + ((end < 0) ? "" : markdown.substring(end + 1));
	}

	private static List<Path> files(String... directories) throws IOException {
		List<Path> files = new ArrayList<>();
		for (String directory : directories) {
			Path path = ROOT.resolve(directory);
			if (Files.isDirectory(path)) {
				try (Stream<Path> list = Files.list(path)) {
					list.filter(Files::isRegularFile).sorted().forEach(files::add);
				}
			}
		}
		return files;
	}

	private static String name(Path path) {
		return ROOT.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString();
	}

	/**
	 * Keys in inline code ({@code `management.x.y=1`}, {@code `${a.b:default}`}), in yaml and properties blocks
	 * (flattened), and command-line arguments ({@code --a.b=c}) in shell blocks. Java, JSON and XML blocks are not
	 * read.
	 */
	static Set<String> fromMarkdown(String markdown) {
		Set<String> keys = new TreeSet<>();
		StringBuilder block = null;
		String language = null;
		for (String line : markdown.split("\n", -1)) {
			if (line.strip().startsWith("```")) {
				if (block == null) {
					block = new StringBuilder();
					language = line.strip().substring(3).strip();
				}
				else {
					switch (language) {
						case "yaml", "yml" -> keys.addAll(fromYaml(block.toString()));
						case "properties" -> keys.addAll(fromProperties(block.toString()));
						case "bash", "sh", "shell" -> keys.addAll(fromCommandLine(block.toString()));
						default -> {
						}
					}
					block = null;
				}
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
			else {
				Matcher code = INLINE_CODE.matcher(line);
				while (code.find()) {
					Matcher key = KEY.matcher(code.group(1));
					while (key.find()) {
						keys.add(key.group(1));
					}
				}
			}
		}
		return keys;
	}

	static Set<String> fromYaml(String yaml) {
		Set<String> keys = new TreeSet<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document instanceof Map<?, ?> map) {
				flatten("", map, keys);
			}
		}
		return keys;
	}

	private static void flatten(String prefix, Map<?, ?> map, Set<String> keys) {
		map.forEach((key, value) -> {
			String name = prefix + key;
			if (value instanceof Map<?, ?> nested) {
				flatten(name + ".", nested, keys);
			}
			else {
				keys.add(name);
			}
		});
	}

	static Set<String> fromProperties(String text) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(text));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return new TreeSet<>(properties.stringPropertyNames());
	}

	static Set<String> fromCommandLine(String text) {
		Set<String> keys = new TreeSet<>();
		Matcher key = COMMAND_LINE_KEY.matcher(text);
		while (key.find()) {
			keys.add(key.group(1));
		}
		return keys;
	}

}
