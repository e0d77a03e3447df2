package org.repono.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/**
 * Runs inside the server, in the EAR's web module: the connection factory the server binds for the
 * default repository (configure.cli) hands out working connections. Also the example of an
 * in-container test: its own deployment from {@link BuiltEar#withClassesInWar}, no @RunAsClient.
 */
@ExtendWith(ArquillianExtension.class)
class DefaultConnectionFactoryIT {

    @Deployment
    static EnterpriseArchive ear() {
        return BuiltEar.withClassesInWar(DefaultConnectionFactoryIT.class);
    }

    @Resource(lookup = "java:/eis/repono/default")
    RepositoryConnectionFactory connections;

    @Test
    void theServerBindsAFactoryForTheDefaultRepository() {
        RepositoryAddress address;
        try (RepositoryConnection connection = connections.getConnection()) {
            address = connection.address();
        }
        assertEquals("default", address.name());
        assertTrue(address.folder().endsWith("/repositories/default"), address.folder());
        assertTrue(address.exists(), address.toString());
    }

    @Test
    void aClosedConnectionRefusesToWork() {
        RepositoryConnection connection = connections.getConnection();
        connection.close();

        IllegalStateException e = assertThrows(IllegalStateException.class, connection::address);
        assertEquals("this Repono connection is closed", e.getMessage());
    }
}
