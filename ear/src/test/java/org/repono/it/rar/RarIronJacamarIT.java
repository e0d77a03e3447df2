package org.repono.it.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.it.ServerUnderTest;

/**
 * A connection factory the .rar defines itself, in META-INF/ironjacamar.xml (the README's example), next to the
 * one the server configuration defines for the same archive: both work, each on its repository.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(named = "arquillian.xml", matches = "arquillian-crash\\.xml",
        disabledReason = "needs the suite's server, not the crash tests' manual one")
class RarIronJacamarIT {

    private static final String JNDI_NAME = "java:/eis/repono/rar-it-ironjacamar";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        EnterpriseArchive ear = Scenario.ear();
        ear.getAsType(ResourceAdapterArchive.class, "repono-rar.rar").addAsManifestResource(new StringAsset("""
                <ironjacamar xmlns="http://www.jboss.org/ironjacamar/schema">
                  <transaction-support>XATransaction</transaction-support>
                  <connection-definitions>
                    <connection-definition class-name="org.repono.rar.ReponoManagedConnectionFactory"
                                           jndi-name="%s" pool-name="rar-it-ironjacamar">
                      <config-property name="RepositoryPath">${repono.home}/repositories/rar-it-ironjacamar</config-property>
                      <config-property name="RepositoryName">rar-it-ironjacamar</config-property>
                      <xa-pool>
                        <max-pool-size>16</max-pool-size>
                      </xa-pool>
                      <recovery>
                        <recover-credential>
                          <user-name>repono</user-name>
                          <password>repono</password>
                        </recover-credential>
                      </recovery>
                    </connection-definition>
                  </connection-definitions>
                </ironjacamar>
                """.formatted(JNDI_NAME)), "ironjacamar.xml");
        return ear;
    }

    @Test
    void theArchivesOwnDefinitionWorksBesideTheServerConfigurations() throws Exception {
        String name = Scenario.fresh("ironjacamar");
        JsonObject answer = Scenario.run("/through", "jndi", JNDI_NAME, "name", name);
        assertNull(Scenario.failure(answer), answer.toString());
        assertEquals("rar-it-ironjacamar", answer.getString("factoryName"), answer.toString());
        assertEquals(ServerUnderTest.home().resolve("repositories").resolve("rar-it-ironjacamar").toString(),
                answer.getString("folder"), answer.toString());
        assertTrue(answer.getBoolean("contains"), answer.toString());

        String other = Scenario.fresh("server-configured");
        assertNull(Scenario.failure(Scenario.run("/put", "name", other)));
        assertTrue(Scenario.contains(other));
    }
}
