package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Keeps every ended span in memory, synchronously, for the tests to read.
 */
public class SpanCollector implements SpanProcessor {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	public List<SpanData> spans() {
		return this.spans;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.spans.add(span.toSpanData());
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

}
