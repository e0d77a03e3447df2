package org.repono.it.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.it.ServerUnderTest;

/**
 * The resource adapter in a real WildFly, inside real transactions: container-managed (commit, rollback when the
 * bean fails, REQUIRES_NEW), bean-managed (UserTransaction, a timeout), the connection's local transaction outside
 * JTA, two-phase commit with WildFly's JMS (java:/JmsXA) as the second XA resource, and a repository the
 * application defines itself. Each scenario runs in the server (package {@code server}); the test judges its answer
 * and then looks at the committed state from outside.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(named = "arquillian.xml", matches = "arquillian-crash\\.xml",
        disabledReason = "needs the suite's server, not the crash tests' manual one")
class RarTransactionsIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Scenario.ear();
    }

    @Test
    void aPutCommitsWithTheBeansTransaction() throws Exception {
        String name = Scenario.fresh("cmt");
        assertNull(Scenario.failure(Scenario.run("/put", "name", name)));
        assertTrue(Scenario.contains(name));
    }

    @Test
    void whenTheBeanThrowsNothingOfItsTransactionIsVisible() throws Exception {
        String name = Scenario.fresh("cmt-fail");
        JsonObject answer = Scenario.run("/put-then-fail", "name", name);
        assertTrue(Scenario.failure(answer).contains("the bean fails after its put"), answer.toString());
        assertFalse(Scenario.contains(name));
    }

    /**
     * Read committed + own writes reaches the count and the paged list, not only get and contains: inside the bean's
     * transaction its three puts are counted and listed, its delete is neither; outside, nothing of it until commit.
     */
    @Test
    void countAndListInsideTheBeansTransactionSeeItsOwnPutsAndDeletes() throws Exception {
        String gone = Scenario.fresh("own-writes-gone");
        assertNull(Scenario.failure(Scenario.run("/put", "name", gone)));
        String name = Scenario.fresh("own-writes");
        JsonObject answer = Scenario.run("/own-writes", "name", name, "gone", gone);
        assertNull(Scenario.failure(answer), answer.toString());
        long before = answer.getJsonNumber("countBefore").longValue();
        assertEquals(before + 2, answer.getJsonNumber("countAfter").longValue(), answer.toString());
        assertEquals(before, answer.getJsonNumber("committedCount").longValue(), "others see the committed count");
        assertEquals(before + 2, answer.getInt("listedEntries"), answer.toString());
        assertEquals(before + 2, answer.getInt("listedDistinct"), answer.toString());
        assertTrue(answer.getBoolean("listsOwnPuts"), answer.toString());
        assertFalse(answer.getBoolean("listsDeleted"), answer.toString());
        assertTrue(answer.getBoolean("byFullIdPrefix"), answer.toString());
        assertEquals(0, answer.getInt("deletedByPrefix"), answer.toString());
        // committed with the bean's transaction
        assertTrue(Scenario.contains(name + "-3"));
        assertFalse(Scenario.contains(gone));
    }

    @Test
    void requiresNewCommitsOnItsOwnAndSeesNothingOfTheSuspendedTransaction() throws Exception {
        String outer = Scenario.fresh("outer");
        String inner = Scenario.fresh("inner");
        JsonObject answer = Scenario.run("/requires-new", "name", outer, "inner", inner);
        assertNotNull(Scenario.failure(answer), answer.toString());
        assertFalse(answer.getBoolean("innerSawOuter"), answer.toString());
        assertTrue(answer.getBoolean("outerSeesInner"), answer.toString());
        assertTrue(answer.getBoolean("outerSeesOuter"), answer.toString());
        assertTrue(Scenario.contains(inner));
        assertFalse(Scenario.contains(outer));
    }

    @Test
    void aUserTransactionCommitsOrRollsBackTheConnectionsWork() throws Exception {
        String committed = Scenario.fresh("ut-commit");
        JsonObject answer = Scenario.run("/user-transaction", "name", committed, "commit", "true");
        assertNull(Scenario.failure(answer), answer.toString());
        assertTrue(answer.getBoolean("visibleInside"), answer.toString());
        assertFalse(answer.getBoolean("visibleOutside"), answer.toString());
        assertTrue(Scenario.contains(committed));

        String rolledBack = Scenario.fresh("ut-rollback");
        answer = Scenario.run("/user-transaction", "name", rolledBack, "commit", "false");
        assertNull(Scenario.failure(answer), answer.toString());
        assertFalse(Scenario.contains(rolledBack));
    }

    @Test
    void aHandleOpenedBeforeTheUserTransactionBeginsWorksInIt() throws Exception {
        String name = Scenario.fresh("ut-early-handle");
        JsonObject answer = Scenario.run("/handle-before-begin", "name", name);
        assertNull(Scenario.failure(answer), answer.toString());
        assertFalse(answer.getBoolean("visibleOutside"), answer.toString());
        assertFalse(Scenario.contains(name));
    }

    @Test
    void outsideJtaTheConnectionsLocalTransactionIsAllOrNothing() throws Exception {
        String first = Scenario.fresh("local-1");
        String second = Scenario.fresh("local-2");
        JsonObject answer = Scenario.run("/local", "name", first, "second", second, "commit", "true");
        assertNull(Scenario.failure(answer), answer.toString());
        assertTrue(answer.getBoolean("visibleInside"), answer.toString());
        assertFalse(answer.getBoolean("visibleOutside"), answer.toString());
        assertTrue(Scenario.contains(first));
        assertTrue(Scenario.contains(second));

        String third = Scenario.fresh("local-3");
        String fourth = Scenario.fresh("local-4");
        answer = Scenario.run("/local", "name", third, "second", fourth, "commit", "false");
        assertNull(Scenario.failure(answer), answer.toString());
        assertFalse(Scenario.contains(third));
        assertFalse(Scenario.contains(fourth));
    }

    @Test
    void aTransactionThatTimesOutIsRolledBackAndTakesNoMoreWork() throws Exception {
        String name = Scenario.fresh("timeout");
        String laterName = Scenario.fresh("timeout-later");
        JsonObject answer = Scenario.run("/timeout", "name", name, "later", laterName, "seconds", "1");
        assertNull(Scenario.failure(answer), answer.toString());
        assertEquals("RollbackException", answer.getString("commit"), answer.toString());
        // refused either by the branch (rolled back) or because the server took the connection back
        String later = answer.getString("laterWork");
        assertTrue(later.contains("rolled back") || later.contains("closed"), answer.toString());
        assertFalse(Scenario.contains(name));
        assertFalse(Scenario.contains(laterName));
    }

    @Test
    void withJmsInTheTransactionBothCommit() throws Exception {
        String name = Scenario.fresh("2pc");
        JsonObject answer = Scenario.run("/put-and-send", "name", name, "duplicateId", Scenario.fresh("dup"));
        assertNull(Scenario.failure(answer), answer.toString());
        assertTrue(Scenario.contains(name));
        assertEquals(1, Scenario.messages(name));
    }

    @Test
    void whenJmsFailsTheRepositorysBranchIsRolledBackToo() throws Exception {
        String duplicateId = Scenario.fresh("dup");
        String first = Scenario.fresh("2pc-first");
        assertNull(Scenario.failure(Scenario.run("/put-and-send", "name", first, "duplicateId", duplicateId)));

        // Artemis refuses the second transaction (a message id it has seen): neither resource may commit
        String second = Scenario.fresh("2pc-second");
        JsonObject answer = Scenario.run("/put-and-send", "name", second, "duplicateId", duplicateId);
        assertNotNull(Scenario.failure(answer), answer.toString());
        assertFalse(Scenario.contains(second));
        assertEquals(0, Scenario.messages(second));
        assertTrue(Scenario.contains(first));
    }

    @Test
    void anApplicationDefinesItsOwnRepositoryWithConnectionFactoryDefinition() throws Exception {
        String name = Scenario.fresh("defined");
        JsonObject answer = Scenario.run("/defined", "name", name);
        assertNull(Scenario.failure(answer), answer.toString());
        assertEquals("rar-it-defined", answer.getString("factoryName"), answer.toString());
        assertEquals(ServerUnderTest.home().resolve("repositories").resolve("rar-it-defined").toString(),
                answer.getString("folder"), answer.toString());
        assertTrue(answer.getBoolean("contains"), answer.toString());
        assertFalse(Scenario.contains(name), "the default repository is another one");

        // WildFly registers an application's definition for XA recovery only when it names a security domain:
        // rar-it-defined names the authentication context repono-recovery, rar-it-large (server.Large) names none
        String log = Files.readString(Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log"));
        log = log.substring(Math.max(0, log.lastIndexOf("WFLYSRV0049"))); // since this server started
        String disabled = "IJ020016: Missing <recovery> element. XA recovery disabled for: ";
        assertTrue(log.contains(disabled + "java:app/repono/rar-it-large"), "WildFly's warning for a definition without");
        assertFalse(log.contains(disabled + "java:app/repono/rar-it-defined"), "recovery is on for rar-it-defined");
    }

    @Test
    void aHandleUsedAfterCloseFailsClearly() throws Exception {
        assertEquals("this Repono connection is closed", Scenario.run("/after-close").getString("error"));
    }
}
