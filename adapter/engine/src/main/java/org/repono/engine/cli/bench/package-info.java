/**
 * The {@code benchmark} command: the workloads of the project's {@code bench/WORKLOADS.md} (borg 1.2.4's
 * repository benchmark, the same objects, ids, order and timing rules) run against the engine, one child JVM
 * per workload so that each line's peak RSS is that workload's alone, printing the same JSON lines as
 * {@code borg_repo_bench.py} with {@code "impl": "repono"}.
 *
 * <p>May use: the engine's public API ({@code org.repono.engine}), the CLI package's JSON writer, picocli,
 * the JDK. Must not use: the engine's implementation packages (the benchmark measures what callers get), except
 * {@code EngineImport}, which does untimed what Python's {@code import borg.repository} does for borg's harness
 * (loads the classes, computes the lock's host id).
 */
package org.repono.engine.cli.bench;
