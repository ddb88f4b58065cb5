package dev.secretlife.observability.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the IDE metadata the build generates (the configuration processor's output merged with
 * {@code additional-spring-configuration-metadata.json}) and holds it to the properties classes: every
 * {@code observability.*} property is described, states the default it is really bound with, and the enum-valued
 * properties with hints offer exactly the enum's values.
 */
class ConfigurationMetadataTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private final JsonNode metadata = new ObjectMapper().readTree(METADATA.toFile());

	@Test
	void everyPropertyHasADescription() {
		List<String> undescribed = new ArrayList<>();
		properties().forEach((name, property) -> {
			if (!property.hasNonNull("description") || property.get("description").asString().isBlank()) {
				undescribed.add(name);
			}
		});
		assertThat(undescribed).isEmpty();
	}

	@Test
	void everyPropertyStatesTheDefaultItIsBoundWith() throws Exception {
		List<String> wrong = new ArrayList<>();
		Map<String, Object> boundDefaults = boundDefaults();
		properties().forEach((name, property) -> {
			BeanWrapperImpl owner = (BeanWrapperImpl) boundDefaults.get(rootGroup(name));
			String path = beanPath(name.substring(rootGroup(name).length() + 1));
			Object actual = owner.getPropertyValue(path);
			boolean hasDefault = actual != null && !(actual instanceof Collection<?> collection && collection.isEmpty());
			JsonNode stated = property.get("defaultValue");
			if (!hasDefault) {
				if (stated != null && !(stated.isArray() && stated.isEmpty())) {
					wrong.add(name + ": states " + stated + " but has none");
				}
				return;
			}
			if (stated == null) {
				wrong.add(name + ": default " + actual + " missing");
				return;
			}
			TypeDescriptor type = owner.getPropertyTypeDescriptor(path);
			Object converted = ApplicationConversionService.getSharedInstance()
				.convert(text(stated), TypeDescriptor.valueOf(String.class), type);
			if (!actual.equals(converted)) {
				wrong.add(name + ": states " + stated + " but is bound with " + actual);
			}
		});
		assertThat(wrong).isEmpty();
	}

	@Test
	void everyEnumPropertyWithHintsOffersExactlyTheEnumValuesWithDescriptions() throws Exception {
		Map<String, JsonNode> properties = properties();
		List<String> hinted = new ArrayList<>();
		for (JsonNode hint : this.metadata.get("hints")) {
			String name = hint.get("name").asString();
			hinted.add(name);
			JsonNode property = properties.get(name);
			assertThat(property).as("hint for unknown property %s", name).isNotNull();
			Class<?> type = ClassUtils.forName(property.get("type").asString(), getClass().getClassLoader());
			assertThat(type.isEnum()).as("%s is an enum", name).isTrue();
			List<String> values = new ArrayList<>();
			hint.get("values").forEach((value) -> {
				assertThat(value.path("description").asString("")).as("description of %s in %s", value, name)
					.isNotBlank();
				values.add(value.get("value").asString());
			});
			assertThat(values).as(name)
				.containsExactlyInAnyOrderElementsOf(Arrays.stream(type.getEnumConstants())
					.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
					.toList());
		}
		assertThat(hinted).contains("observability.logging.format", "observability.jdbc.n-plus-one.mode");
	}

	private Map<String, JsonNode> properties() {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		this.metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			if (name.startsWith("observability.")) {
				properties.put(name, property);
			}
		});
		assertThat(properties).isNotEmpty();
		return properties;
	}

	/**
	 * Each properties class bound from an empty environment, the way the application binds it when nothing is set.
	 */
	private Map<String, Object> boundDefaults() throws ClassNotFoundException {
		Map<String, Object> bound = new LinkedHashMap<>();
		Binder binder = new Binder(new MapConfigurationPropertySource());
		for (JsonNode group : this.metadata.get("groups")) {
			String name = group.get("name").asString();
			if (name.startsWith("observability.") && name.indexOf('.') == name.lastIndexOf('.')) {
				Class<?> type = ClassUtils.forName(group.get("type").asString(), getClass().getClassLoader());
				bound.put(name, new BeanWrapperImpl(binder.bindOrCreate(name, type)));
			}
		}
		return bound;
	}

	private static String rootGroup(String name) {
		return name.substring(0, name.indexOf('.', "observability.".length()));
	}

	private static String beanPath(String kebabPath) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : kebabPath.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	private static String text(JsonNode value) {
		if (!value.isArray()) {
			return value.asString();
		}
		List<String> elements = new ArrayList<>();
		value.forEach((element) -> elements.add(element.asString()));
		return String.join(",", elements);
	}

}
