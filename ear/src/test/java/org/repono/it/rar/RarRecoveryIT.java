package org.repono.it.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.api.ObjectId;
import org.repono.it.ServerUnderTest;

/**
 * The server dies in the middle of a two-phase commit (the adapter's test-only crash switch halts the JVM, as a
 * power cut would) and is started again: the transaction manager's recovery asks the adapter for its prepared
 * branches and decides them - the object is visible exactly when the decision was commit. Before that, 32 threads
 * of small transactions; at the end, with the adapter undeployed (borg's lock released), the real borg checks the
 * repository and reads what recovery committed. Runs in its own failsafe execution (arquillian-crash.xml).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "arquillian.xml", matches = "arquillian-crash\\.xml",
        disabledReason = "runs in failsafe's rar-crash-recovery execution, which selects arquillian-crash.xml")
class RarRecoveryIT {

    private static final String CONTAINER = "wildfly-crash";
    private static final String DEPLOYMENT = "rar-recovery";
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(120);

    /** Objects the later steps look for with borg. */
    private static String loadPrefix;
    private static String committedByRecovery;
    private static String rolledBackByRecovery;

    @ArquillianResource
    ContainerController controller;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static EnterpriseArchive ear() {
        return Scenario.ear();
    }

    private static boolean deployed;

    private void running() {
        if (!controller.isStarted(CONTAINER)) {
            controller.start(CONTAINER);
        }
        if (!deployed) {
            deployer.deploy(DEPLOYMENT);
            deployed = true;
        }
    }

    @Test
    @Order(1)
    void thirtyTwoThreadsOfSmallTransactionsLoseNothing() throws Exception {
        running();
        loadPrefix = Scenario.fresh("load");
        JsonObject answer = Scenario.run("/load", "name", loadPrefix, "clients", "32", "transactions", "25", "size", "4096");
        assertEquals(800, answer.getInt("transactions"), answer.toString());
        assertEquals(0, answer.getInt("failures"), answer.toString());
        assertEquals(0, answer.getInt("missing"), answer.toString());
    }

    /**
     * One crash, two transactions in doubt: one whose commit the transaction manager had logged (its phase 2 is held
     * at our first commit; it also has a branch on the repository the application defines with
     * {@code @ConnectionFactoryDefinition}, never committed before the crash), one only prepared when the JVM halts
     * (no decision logged). Recovery commits the first on every resource - the application-defined repository too,
     * which WildFly recovers only because the definition names an authentication context - and rolls the second back
     * (presumed abort), both resources alike.
     */
    @Test
    @Order(2)
    void afterACrashRecoveryCommitsExactlyTheBranchesWhoseCommitWasDecided() throws Exception {
        running();
        committedByRecovery = Scenario.fresh("crash-decided-commit");
        rolledBackByRecovery = Scenario.fresh("crash-undecided");
        ProcessHandle server = ServerUnderTest.process();

        arm("hold-before-commit");
        var held = Scenario.sendAsync("/put-and-send", "name", committedByRecovery, "duplicateId", Scenario.fresh("dup"),
                "alsoDefined", "true");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"before-commit".equals(Scenario.run("/holding").getString("holding"))) {
            assertFalse(held.isDone(), () -> "the first transaction ended instead of being held: " + held.join().body());
            assertTrue(System.nanoTime() < deadline, "the first transaction never reached the held commit");
            Thread.sleep(200);
        }
        arm("after-prepare");
        try {
            var response = Scenario.send("/put-and-send", Duration.ofSeconds(60), "name", rolledBackByRecovery,
                    "duplicateId", Scenario.fresh("dup"));
            fail("the server should have halted after prepare, it answered " + response.statusCode() + ": "
                    + response.body());
        } catch (IOException expected) {
            // the connection died with the server
        }
        server.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        try {
            controller.stop(CONTAINER); // the process is gone: only Arquillian's record of it
        } catch (RuntimeException alreadyDead) {
            // nothing left to stop
        }
        controller.start(CONTAINER); // the EAR comes back from the server's deployment record

        recoverUntil(() -> Scenario.run("/in-doubt").getInt("inDoubt") == 0 && Scenario.contains(committedByRecovery)
                && Scenario.messages(committedByRecovery) == 1 && Scenario.run("/defined-in-doubt").getInt("inDoubt") == 0
                && Scenario.run("/defined-contains", "name", committedByRecovery).getBoolean("contains"));
        assertFalse(Scenario.contains(rolledBackByRecovery));
        assertEquals(0, Scenario.messages(rolledBackByRecovery));
        assertTrue(Scenario.contains(committedByRecovery));
        assertEquals(1, Scenario.messages(committedByRecovery), "the JMS message of the committed one, once");
    }

    private static void arm(String point) throws Exception {
        assertTrue(Scenario.run("/arm", "point", point).getBoolean("crashPointsEnabled"),
                "the crash server runs with -Drepono.test.crashPoints=true");
    }

    @Test
    @Order(3)
    void withTheAdapterUndeployedBorgFindsTheRepositoryCleanAndReadsIt() throws Exception {
        running();
        deployer.undeploy(DEPLOYMENT);
        deployed = false;
        try {
            Path repository = ServerUnderTest.home().resolve("repositories").resolve("default");
            Borg borg = new Borg(ServerUnderTest.home().resolve("..").resolve("rar-it-borg").normalize());
            borg.checkClean(repository);
            if (committedByRecovery != null) {
                assertArrayEquals(committedByRecovery.getBytes(StandardCharsets.UTF_8),
                        borg.get(repository, id(committedByRecovery)));
            }
            if (rolledBackByRecovery != null) {
                assertEquals(null, borg.get(repository, id(rolledBackByRecovery)));
            }
            if (committedByRecovery != null) {
                Path defined = ServerUnderTest.home().resolve("repositories").resolve("rar-it-defined");
                borg.checkClean(defined);
                assertArrayEquals(committedByRecovery.getBytes(StandardCharsets.UTF_8),
                        borg.get(defined, id(committedByRecovery)));
            }
            if (loadPrefix != null) {
                byte[] data = borg.get(repository, id(loadPrefix + "-31-24"));
                assertEquals(4096, data == null ? -1 : data.length);
            }
        } finally {
            controller.stop(CONTAINER);
        }
    }

    private static String id(String name) {
        return ObjectId.sha256(name.getBytes(StandardCharsets.UTF_8)).toHex();
    }

    /** Forces recovery scans (recovery listener: SCAN, answered DONE) until {@code done} holds. */
    private static void recoverUntil(Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
        while (true) {
            scan();
            if (done.call()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("recovery did not get there within " + RECOVERY_WAIT.toSeconds() + " s");
            }
            Thread.sleep(1000);
        }
    }

    private static void scan() throws IOException {
        int port = Integer.parseInt(System.getProperty("repono.recoveryListenerPort"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write("SCAN\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (!"DONE".equals(answer)) {
                throw new IOException("the recovery listener answered " + answer);
            }
        }
    }
}
