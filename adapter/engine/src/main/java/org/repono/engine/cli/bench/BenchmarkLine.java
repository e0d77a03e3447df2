package org.repono.engine.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.repono.engine.cli.JsonObject;

/**
 * One result line, field for field as borg_repo_bench.py prints it: workload, impl, ops, bytes, seconds,
 * ops_per_s, mb_per_s, p50_ms/p99_ms (where latency is measured), peak_rss_mb, the extras, scale, run.
 */
public final class BenchmarkLine {
    public static final String IMPL = "repono";

    private final String workload;
    private final long ops;
    private final long bytes;
    private final double seconds;
    private LatencyRecorder latency;
    private final Map<String, String> extras = new LinkedHashMap<>();

    public BenchmarkLine(String workload, long ops, long bytes, long nanos) {
        this.workload = workload;
        this.ops = ops;
        this.bytes = bytes;
        this.seconds = nanos / 1e9;
    }

    public BenchmarkLine latency(LatencyRecorder l) {
        this.latency = l;
        return this;
    }

    public BenchmarkLine extra(String name, String value) {
        extras.put(name, JsonObject.quote(value));
        return this;
    }

    public BenchmarkLine extra(String name, long value) {
        extras.put(name, Long.toString(value));
        return this;
    }

    public BenchmarkLine extra(String name, double value, int decimals) {
        extras.put(name, JsonObject.number(value, decimals));
        return this;
    }

    /** The line, with the process's peak RSS read now (at the end of the workload). */
    public String toJson(double scale, int run) {
        JsonObject j = new JsonObject().put("workload", workload).put("impl", IMPL).put("ops", ops)
                .put("bytes", bytes).put("seconds", seconds, 4).put("ops_per_s", ops / seconds, 1);
        j.raw("mb_per_s", bytes == 0 ? "null" : JsonObject.number(bytes / 1e6 / seconds, 1));
        if (latency != null && latency.count() > 0) {
            j.put("p50_ms", latency.percentileMs(50), 3).put("p99_ms", latency.percentileMs(99), 3);
        }
        j.put("peak_rss_mb", ProcessMemory.peakRssMib(), 1);
        extras.forEach(j::raw);
        j.put("scale", scale, 9);
        return j.put("run", run).toString();
    }
}
