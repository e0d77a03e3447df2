package org.repono.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The users the build writes into the test server's data folder (ear/pom.xml, ear/set-user.sh). */
public enum TestUser {
    ADMIN("admin", "repono.test.adminPassword"),
    VIEWER("viewer", "repono.test.viewerPassword");

    private final String name;
    private final String passwordProperty;

    TestUser(String name, String passwordProperty) {
        this.name = name;
        this.passwordProperty = passwordProperty;
    }

    public String userName() {
        return name;
    }

    public String password() {
        return ServerUnderTest.property(passwordProperty);
    }

    /** The value of an HTTP Basic Authorization header for this user. */
    public String basicAuthorization() {
        return basicAuthorization(name, password());
    }

    static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
