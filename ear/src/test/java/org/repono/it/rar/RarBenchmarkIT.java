package org.repono.it.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource adapter's benchmark, not a test (it judges no timing): small transactions per second through a
 * CMT EJB - each call one JTA transaction putting one 4096-byte object, as the engine's commit_small_tx - at 1, 8
 * and 32 concurrent clients (threads in the server, so HTTP costs nothing). Prints one JSON line per client count
 * and writes them to target/rar-benchmark.jsonl. Run it with (README "Resource adapter"):
 * {@code mvn -B -ntp verify -pl ear -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=RarBenchmarkIT -Drepono.rar.benchmark=true}
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIfSystemProperty(named = "repono.rar.benchmark", matches = "true",
        disabledReason = "a benchmark: run with -Drepono.rar.benchmark=true")
class RarBenchmarkIT {

    private static final int TRANSACTIONS = 960;
    private static final int SIZE = 4096;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Scenario.ear();
    }

    @Test
    void smallTransactionsPerSecondThroughACmtBean() throws Exception {
        Scenario.run("/load", "name", Scenario.fresh("warm-up"), "clients", "8", "transactions", "40", "size",
                String.valueOf(SIZE));
        Path out = Path.of(System.getProperty("repono.ear")).resolveSibling("rar-benchmark.jsonl");
        Files.deleteIfExists(out);
        for (int clients : new int[] {1, 8, 32}) {
            JsonObject answer = Scenario.run("/load", "name", Scenario.fresh("bench"), "clients",
                    String.valueOf(clients), "transactions", String.valueOf(TRANSACTIONS / clients), "size",
                    String.valueOf(SIZE));
            assertEquals(0, answer.getInt("failures"), answer.toString());
            assertEquals(0, answer.getInt("missing"), answer.toString());
            String line = String.format(Locale.ROOT, "{\"workload\": \"cmt_small_tx\", \"impl\": \"repono-rar\","
                            + " \"clients\": %d, \"ops\": %d, \"bytes\": %d, \"seconds\": %.3f, \"ops_per_s\": %.1f}",
                    clients, answer.getInt("transactions"), (long) answer.getInt("transactions") * SIZE,
                    answer.getJsonNumber("seconds").doubleValue(),
                    answer.getJsonNumber("transactionsPerSecond").doubleValue());
            System.out.println(line);
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
