# The configurations of the sample app that load.sh and in-process/run.sh compare, as command-line properties
# (sourced by both), and the JVM options of load.sh's peers (the OpenTelemetry Java agent).
# off: every feature of the starter switched off by its documented kill switch (the names of the auto-configurations'
# @ConditionalOnBooleanProperty and of LoggingEnvironmentPostProcessor's LoggingProperties.enabled). The other
# configurations switch off one feature each.
declare -A CONFIG_PROPERTIES=(
	[on]=""
	[off]="--observability.request-id.enabled=false --observability.logging.enabled=false \
--observability.request-log.enabled=false --observability.jdbc.enabled=false --observability.tracing.enabled=false"
	[no-request-id]="--observability.request-id.enabled=false"
	[no-json-logs]="--observability.logging.enabled=false"
	[no-request-log]="--observability.request-log.enabled=false"
	[no-jdbc]="--observability.jdbc.enabled=false"
	[no-tracing]="--observability.tracing.enabled=false"
	[sampling-0]="--management.tracing.sampling.probability=0 --observability.tracing.keep.errors=false \
--observability.tracing.keep.slower-than="
	[keep-0]="--management.tracing.sampling.probability=0"
	[keep-10]="--management.tracing.sampling.probability=0.1"
	[sampling-1]="--management.tracing.sampling.probability=1.0"
	[keep-0-buffer]="--management.tracing.sampling.probability=0 --observability.logging.buffer.level=DEBUG"
	[buffer]="--observability.logging.buffer.level=DEBUG"
)
# Keeping failed and slow units (load.sh --keep, in-process CONFIGS). "on" is the default: one trace in ten sampled,
# failed and slow units kept (keep-10 says the same explicitly); sampling-1 samples and exports every trace (the
# default until 2026-12); sampling-0 samples none and keeps none (spans are not recorded at all); keep-0 samples none
# but records every span and exports the failed and slow units': the record-everything cost; buffer holds the DEBUG
# lines of every unit for its failure (observability.logging.buffer.level), keep-0-buffer both.

# The peers (load.sh --peers): the same jar with every observability.* feature off as in "off", and Spring Boot's own
# tracing removed as well (its Micrometer Tracing and OpenTelemetry tracing auto-configurations excluded: with
# management.tracing.export.enabled=false Boot still builds its tracer and records spans, it only stops exporting),
# so that the OpenTelemetry Java agent is the only tracing in the JVM. load.sh checks that Boot's tracer bean is gone.
BOOT_TRACING_OFF="--spring.autoconfigure.exclude=\
org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration,\
org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration,\
org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration"
CONFIG_PROPERTIES[agent]="${CONFIG_PROPERTIES[off]} $BOOT_TRACING_OFF"
# bare: the same as the agent's configurations without the agent, the application as it would be with neither the
# starter nor the agent (no tracer at all): the fair base of both overheads in load.sh --peers.
CONFIG_PROPERTIES[bare]="${CONFIG_PROPERTIES[off]} $BOOT_TRACING_OFF"
CONFIG_PROPERTIES[agent-traces]="${CONFIG_PROPERTIES[off]} $BOOT_TRACING_OFF"

# JVM options per configuration, after JAVA_OPTS (none but for the peers). AGENT_JAR and SINK_PORT come from the
# caller. agent: the agent with its defaults (every instrumentation it has, traces, metrics and logs over OTLP/HTTP),
# all three sent to the benchmarks' OTLP sink. agent-traces: traces only, with the instrumentations this app's
# requests go through (Tomcat, the servlet API, Spring MVC, JDBC) and the trace and span IDs in logback's MDC; every
# other instrumentation off (otel.instrumentation.common.default-enabled=false, as the agent's documentation says for
# "enable only specific instrumentation"), no metrics or logs exported.
AGENT_COMMON="-javaagent:${AGENT_JAR:-} -Dotel.service.name=sample-app \
-Dotel.exporter.otlp.endpoint=http://127.0.0.1:${SINK_PORT:-4318} -Dotel.exporter.otlp.protocol=http/protobuf"
declare -A CONFIG_JVM_OPTIONS=(
	[agent]="$AGENT_COMMON"
	[agent-traces]="$AGENT_COMMON -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
-Dotel.instrumentation.common.default-enabled=false -Dotel.instrumentation.tomcat.enabled=true \
-Dotel.instrumentation.servlet.enabled=true -Dotel.instrumentation.spring-webmvc.enabled=true \
-Dotel.instrumentation.jdbc.enabled=true -Dotel.instrumentation.logback-mdc.enabled=true"
)
