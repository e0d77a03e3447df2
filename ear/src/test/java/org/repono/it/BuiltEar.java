package org.repono.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The EAR the reactor built (ear/target/repono.ear), as Arquillian deploys it. */
public final class BuiltEar {

    /** The web module inside the EAR: where in-container tests go. */
    public static final String WAR = "repono-admin.war";

    private BuiltEar() {
    }

    /** The EAR as built: what users run. */
    public static EnterpriseArchive load() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ServerUnderTest.ear().toFile());
    }

    /**
     * The EAR with {@code classes} added to its web module, for tests that run inside the server
     * ({@code @Deployment(testable = true)}, the default): Arquillian runs them in that module,
     * without a user (the web module's login covers all its URLs but Arquillian's test runner).
     */
    public static EnterpriseArchive withClassesInWar(Class<?>... classes) {
        EnterpriseArchive ear = load();
        ear.getAsType(WebArchive.class, WAR).addClasses(classes).addAsLibrary(OPEN_TEST_RUNNER);
        return ear;
    }

    // Arquillian calls its servlet without credentials: a web fragment leaves that one URL open
    private static final JavaArchive OPEN_TEST_RUNNER = ShrinkWrap.create(JavaArchive.class, "arquillian-runner-open.jar")
            .addAsManifestResource(new StringAsset("""
                    <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                      <name>arquillian_runner_open</name>
                      <security-constraint>
                        <web-resource-collection>
                          <web-resource-name>Arquillian's test runner</web-resource-name>
                          <url-pattern>/ArquillianServletRunnerEE9</url-pattern>
                        </web-resource-collection>
                      </security-constraint>
                    </web-fragment>
                    """), "web-fragment.xml");
}
