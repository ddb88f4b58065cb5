package dev.secretlife.observability.logging;

import java.util.Collection;

/**
 * The console log format.
 */
public enum LogFormat {

	/** One JSON object per line, for log collectors. */
	JSON,

	/** Spring Boot's readable console format, with the request ID, the trace ID and key-values on each line. */
	PRETTY,

	/**
	 * {@link #PRETTY} when a development profile is active or the console is an interactive terminal, {@link #JSON}
	 * otherwise (containers, CI, output redirected to a file or a pipe).
	 */
	AUTO;

	/**
	 * Resolves {@link #AUTO} to {@link #JSON} or {@link #PRETTY}; other formats are returned as they are.
	 * @param activeProfiles the active profiles
	 * @param devProfiles the profiles that mean "a developer is running this"
	 * @param interactiveTerminal whether the console is an interactive terminal
	 * @return {@link #JSON} or {@link #PRETTY}
	 */
	public LogFormat resolve(Collection<String> activeProfiles, Collection<String> devProfiles,
			boolean interactiveTerminal) {
		if (this != AUTO) {
			return this;
		}
		for (String profile : activeProfiles) {
			if (devProfiles.contains(profile)) {
				return PRETTY;
			}
		}
		return interactiveTerminal ? PRETTY : JSON;
	}

}
