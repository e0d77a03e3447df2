package org.repono.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the full-stack tests: deploys the real target/repono.ear (the archive users run, not one
 * assembled for the test) before the subclass's tests, which run as clients of the server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedEar {

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return BuiltEar.load();
    }
}
