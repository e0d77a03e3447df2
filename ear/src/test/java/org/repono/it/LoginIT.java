package org.repono.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How users log in: scripts with HTTP Basic on every call, the console with its FORM login
 * (POST /repono/j_security_check) and then its session cookie. The API never answers with the login
 * page: 401, with a Basic challenge unless the call says it comes from the console.
 */
class LoginIT extends DeployedEar {

    @Test
    void withoutCredentialsTheApiAsksForBasic() throws Exception {
        HttpResponse<String> response = ServerUnderTest.get(PingIT.PING, null);

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Basic realm=\"Repono\", charset=\"UTF-8\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
    }

    @Test
    void theConsolesCallsGet401WithoutAChallengeSoNoBrowserDialogOpens() throws Exception {
        HttpResponse<String> response = ServerUnderTest.send(ServerUnderTest.request(PingIT.PING)
                .header("X-Requested-With", "XMLHttpRequest").GET().build());

        assertEquals(401, response.statusCode(), response.body());
        assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent(), response.headers().toString());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        HttpResponse<String> response = ServerUnderTest.send(ServerUnderTest.request(PingIT.PING)
                .header("Authorization", TestUser.basicAuthorization("viewer", TestUser.VIEWER.password() + "-wrong"))
                .GET().build());

        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void theConsolesFormLoginOpensASessionTheApiAccepts() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> login = logIn(browser, TestUser.VIEWER.userName(), TestUser.VIEWER.password());
        assertTrue(login.statusCode() == 302 || login.statusCode() == 303, login.statusCode() + " " + login.body());

        HttpResponse<String> ping = browser.send(ServerUnderTest.request(PingIT.PING).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ping.statusCode(), ping.body());
        assertEquals("default", ServerUnderTest.json(ping).getString("repository"));
    }

    @Test
    void aFailedFormLoginOpensNoSession() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        logIn(browser, TestUser.VIEWER.userName(), "not-the-password");

        HttpResponse<String> ping = browser.send(ServerUnderTest.request(PingIT.PING).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, ping.statusCode(), ping.body());
    }

    private static HttpResponse<String> logIn(HttpClient browser, String user, String password) throws Exception {
        URI form = ServerUnderTest.http("/repono/j_security_check");
        String body = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return browser.send(ServerUnderTest.request(form)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
