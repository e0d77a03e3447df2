package org.repono.it.rest;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.it.TestUser;

/**
 * Base of the REST tests, which run as clients. Each subclass has its own {@code @Deployment} (Arquillian takes
 * one per class), normally {@link RestDeployment#ear()}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class RestApiTest {

    static final TestUser ADMIN = TestUser.ADMIN;
    static final TestUser VIEWER = TestUser.VIEWER;
}
