# The configurations of the sample app that load.sh and in-process/run.sh compare, as command-line properties
# (sourced by both).
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
)
