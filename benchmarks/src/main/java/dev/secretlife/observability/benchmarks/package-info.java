/**
 * JMH benchmarks of the starter's hot paths, each next to its baseline and the alternatives; run by
 * {@code benchmarks/run.sh}.
 */
@NullMarked
package dev.secretlife.observability.benchmarks;

import org.jspecify.annotations.NullMarked;
