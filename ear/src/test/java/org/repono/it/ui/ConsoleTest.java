package org.repono.it.ui;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the browser tests: the EAR with the console tests' repositories, tests run as clients. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ConsoleTest {

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return ConsoleDeployment.ear();
    }
}
