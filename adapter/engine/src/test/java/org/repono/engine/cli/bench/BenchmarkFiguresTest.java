package org.repono.engine.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles, result lines and the choice of child processes. */
class BenchmarkFiguresTest {

    @Test
    void percentilesAreNearestRank() {
        LatencyRecorder l = new LatencyRecorder(100);
        for (int i = 100; i >= 1; i--) {
            l.add(i * 1_000_000L);
        }
        assertEquals(50.0, l.percentileMs(50));
        assertEquals(99.0, l.percentileMs(99));
        assertEquals(5050_000_000L / 1000, l.sumNanos() / 1000);
        LatencyRecorder one = new LatencyRecorder(3);
        one.add(2_500_000);
        assertEquals(2.5, one.percentileMs(50));
        assertEquals(2.5, one.percentileMs(99));
        LatencyRecorder three = new LatencyRecorder(3);
        three.set(2, 3_000_000);
        three.set(0, 1_000_000);
        three.set(1, 2_000_000);
        assertEquals(2.0, three.percentileMs(50)); // ceil(1.5) - 1 = index 1
        assertEquals(3.0, three.percentileMs(99)); // ceil(2.97) - 1 = index 2
        assertTrue(Double.isNaN(new LatencyRecorder(1).percentileMs(50)));
    }

    @Test
    void aLineHasBorgsFieldsInBorgsOrder() {
        LatencyRecorder l = new LatencyRecorder(2);
        l.add(1_000_000);
        l.add(3_000_000);
        String line = new BenchmarkLine("put_small", 2000, 8_192_000, 500_000_000L).latency(l)
                .extra("commit_ms", 12.3456, 2).extra("cache", "warm").toJson(0.01, 3);
        assertTrue(line.matches("\\{\"workload\": \"put_small\", \"impl\": \"repono\", \"ops\": 2000, "
                + "\"bytes\": 8192000, \"seconds\": 0.5, \"ops_per_s\": 4000.0, \"mb_per_s\": 16.4, "
                + "\"p50_ms\": 1.0, \"p99_ms\": 3.0, \"peak_rss_mb\": [0-9.]+, \"commit_ms\": 12.35, "
                + "\"cache\": \"warm\", \"scale\": 0.01, \"run\": 3}"), line);
        String noBytes = new BenchmarkLine("list_all", 10, 0, 1_000_000L).toJson(1, 1);
        assertTrue(noBytes.contains("\"ops_per_s\": 10000.0, \"mb_per_s\": null, \"peak_rss_mb\""), noBytes);
    }

    @Test
    void peakRssIsReadFromProc() {
        double mib = ProcessMemory.peakRssMib();
        assertTrue(mib > 1 && mib < 1 << 20, "a JVM's peak RSS in MiB: " + mib);
    }

    @Test
    void childrenRunInWorkloadOrderWithOneProcessPerThreadCount() {
        assertEquals(List.of("check", "get_random"), BenchmarkCommand.children(List.of("get_random", "check")));
        assertEquals(List.of("get_random"), BenchmarkCommand.children(List.of("get_random_warm", "get_random")));
        assertEquals(List.of("commit_concurrent:1", "commit_concurrent:8", "commit_concurrent:32"),
                BenchmarkCommand.children(List.of("commit_concurrent")));
        List<String> all = BenchmarkCommand.children(null);
        assertEquals(14, all.size());
        assertEquals("put_large", all.get(0));
        assertEquals("open_large_index", all.get(10));
        var e = assertThrows(IllegalArgumentException.class, () -> BenchmarkCommand.children(List.of("put_huge")));
        assertTrue(e.getMessage().startsWith("--workload 'put_huge' is not a workload"), e.getMessage());
    }
}
