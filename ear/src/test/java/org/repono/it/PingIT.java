package org.repono.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** GET /repono/api/ping goes through all modules: war -> facade EJB -> the RA's connection factory -> a connection. */
class PingIT extends DeployedEar {

    static final URI PING = ServerUnderTest.http("/repono/api/ping");

    @Test
    void aViewerReachesTheDefaultRepositoryThroughTheResourceAdapter() throws Exception {
        HttpResponse<String> response = ServerUnderTest.get(PING, TestUser.VIEWER);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject ping = ServerUnderTest.json(response);
        Path folder = ServerUnderTest.home().resolve("repositories").resolve("default");
        assertEquals("default", ping.getString("repository"));
        assertEquals(folder.toString(), ping.getString("folder"));
        assertTrue(ping.getBoolean("folderExists"), response.body());
        assertTrue(Files.isDirectory(folder), "the resource adapter creates the default repository's folder");
    }

    @Test
    void anAdminMayPingToo() throws Exception {
        HttpResponse<String> response = ServerUnderTest.get(PING, TestUser.ADMIN);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("default", ServerUnderTest.json(response).getString("repository"));
    }
}
