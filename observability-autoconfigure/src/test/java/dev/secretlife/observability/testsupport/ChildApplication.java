package dev.secretlife.observability.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot application started in a child JVM, as it would run in production: its standard output is a pipe
 * (not a terminal) captured to a file from the first byte of startup to the last byte of shutdown.
 */
public final class ChildApplication implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("(?:Tomcat|Jetty|Netty) started on port (\\d+)");

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	private ChildApplication(Process process, Path stdout, Path stderr) throws IOException, InterruptedException {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
		this.port = awaitPort();
	}

	/**
	 * Starts an application and waits until its web server listens.
	 * @param mainClass the class with the main method
	 * @param extraClasspath directories put first on the classpath (for a logback-spring.xml), may be empty
	 * @param args the application arguments
	 * @return the running application
	 */
	public static ChildApplication start(Class<?> mainClass, List<Path> extraClasspath, String... args)
			throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("child-app");
		Path stdout = dir.resolve("stdout.log");
		Path stderr = dir.resolve("stderr.log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(classpath(extraClasspath));
		command.add(mainClass.getName());
		command.add("--server.port=0");
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Map<String, String> environment = builder.environment();
		environment.remove("SPRING_PROFILES_ACTIVE");
		return new ChildApplication(builder.start(), stdout, stderr);
	}

	private static String classpath(List<Path> extra) {
		String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> entries = new ArrayList<>();
		extra.forEach((path) -> entries.add(path.toString()));
		entries.add(testClasspath);
		return String.join(File.pathSeparator, entries);
	}

	private int awaitPort() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Matcher matcher = PORT.matcher(Files.readString(this.stdout, StandardCharsets.UTF_8));
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Application exited with " + this.process.exitValue() + "\n"
						+ Files.readString(this.stdout) + "\n" + Files.readString(this.stderr));
			}
			Thread.sleep(200);
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("Application did not start in time\n" + Files.readString(this.stdout));
	}

	public int port() {
		return this.port;
	}

	/**
	 * Sends a GET request.
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Stops the application the way a container does (SIGTERM), waits for it to exit and returns every line it
	 * wrote to standard output.
	 * @return the lines
	 */
	public List<String> stop() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		return output();
	}

	/**
	 * Returns the lines written to standard output so far.
	 * @return the lines
	 */
	public List<String> output() throws IOException {
		return Files.readAllLines(this.stdout, StandardCharsets.UTF_8);
	}

	/**
	 * Returns the raw bytes of standard output, decoded as UTF-8.
	 * @return the text
	 */
	public String rawOutput() throws IOException {
		return Files.readString(this.stdout, StandardCharsets.UTF_8);
	}

	/**
	 * Ends the process if it still runs and deletes its captured output.
	 */
	@Override
	public void close() throws InterruptedException, IOException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly().waitFor();
		}
		Files.deleteIfExists(this.stdout);
		Files.deleteIfExists(this.stderr);
		Files.deleteIfExists(this.stdout.getParent());
	}

}
