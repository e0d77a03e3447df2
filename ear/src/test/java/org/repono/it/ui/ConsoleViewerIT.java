package org.repono.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.repono.it.TestUser;

/**
 * A viewer in the console: sees every page and no control that changes anything; the server refuses a change
 * sent around the console; everything the console loads comes from the server; logging out ends the session, and
 * a wrong password is told apart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleViewerIT extends ConsoleTest {

    /** The controls a viewer may have: they navigate, search or page, and change nothing on the server. */
    private static final Set<String> READING_CONTROLS = Set.of("logout-button", "object-prefix", "object-search",
            "objects-first", "objects-prev", "objects-next", "dismiss-message");

    private static Browser browser;
    private static String objectId;

    @BeforeAll
    static void logIn() throws Exception {
        objectId = new Rest(TestUser.ADMIN).store(ConsoleDeployment.OBJECTS, ConsoleAdminIT.random(5000));
        browser = Browser.start("viewer", 1280, 900);
        browser.logIn(TestUser.VIEWER);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aViewerSeesEveryPageButNoControlThatChangesAnything() {
        assertEquals("(viewer)", browser.byTestId("user-roles").getText());
        assertNoChangingControl("/", "viewer-overview");
        assertNotNull(browser.byTestId("repo-row-" + ConsoleDeployment.IN_DOUBT));

        assertNoChangingControl("/repositories/" + ConsoleDeployment.OBJECTS, "viewer-repository");
        assertNotNull(browser.byTestId("schedule-summary"), "the schedule, read-only");
        assertNotNull(browser.byTestId("segment-chart"));

        assertNoChangingControl("/repositories/" + ConsoleDeployment.IN_DOUBT, "viewer-repository-prepared");
        assertNotNull(browser.byTestId("txn-row-" + ConsoleDeployment.TO_COMMIT.xid()), "listed, not decidable");

        assertNoChangingControl("/repositories/" + ConsoleDeployment.LOCKED, "viewer-repository-locked");
        assertNotNull(browser.byTestId("lock-holder"), "the holder is shown, the lock cannot be broken");

        assertNoChangingControl("/repositories/" + ConsoleDeployment.OBJECTS + "/objects", "viewer-objects");
        assertNotNull(browser.byTestId("object-download-" + objectId), "downloading is reading");
    }

    /** Every button, field and form on the page is one of the reading controls. */
    private static void assertNoChangingControl(String route, String screenshot) {
        browser.open(route);
        @SuppressWarnings("unchecked")
        List<String> controls = (List<String>) browser.script("""
                return [...document.querySelectorAll('button, input, select, textarea, form, [contenteditable]')]
                  .filter((control) => !control.closest('dialog'))
                  .map((control) => control.dataset.testid || control.id || control.outerHTML.slice(0, 120));
                """);
        for (String control : controls) {
            assertTrue(READING_CONTROLS.contains(control) || control.equals("object-search-form"),
                    "a viewer is offered '" + control + "' on " + route);
        }
        browser.screenshot(screenshot);
    }

    @Test
    @Order(2)
    void theServerRefusesAViewersChangeSentAroundTheConsole() throws Exception {
        browser.open("/");
        Object status = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('api' + arguments[0], {
                  method: 'DELETE', credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' },
                }).then((response) => response.json().then((problem) => done(response.status + ' ' + problem.type)),
                        (error) => done(String(error)));
                """, Rest.objects(ConsoleDeployment.OBJECTS) + "/" + objectId);

        assertEquals("403 urn:repono:problem:forbidden", status);
        assertEquals(200, new Rest(TestUser.VIEWER).get(Rest.objects(ConsoleDeployment.OBJECTS) + "/" + objectId).status());
    }

    @Test
    @Order(3)
    void everythingTheConsoleLoadsComesFromTheServerItself() {
        browser.open("/repositories/" + ConsoleDeployment.OBJECTS);
        @SuppressWarnings("unchecked")
        List<String> foreign = (List<String>) browser.script("""
                const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                const linked = [...document.querySelectorAll('[src], link[href]')].map((e) => e.src || e.href);
                return [...entries.map((e) => e.name), ...linked]
                  .filter((url) => url && !url.startsWith('data:') && new URL(url).origin !== location.origin);
                """);
        assertEquals(List.of(), foreign, "loaded from elsewhere");
        @SuppressWarnings("unchecked")
        List<String> fonts = (List<String>) browser.script("""
                return [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules])
                  .filter((rule) => rule instanceof CSSFontFaceRule || rule instanceof CSSImportRule)
                  .map((rule) => rule.cssText);
                """);
        assertEquals(List.of(), fonts, "web fonts or imported style sheets");
    }

    @Test
    @Order(4)
    void loggingOutEndsTheSessionAndAWrongPasswordIsToldApart() {
        browser.open("/");
        browser.byTestId("logout-button").click();

        WebElement form = browser.waitFor(d -> browser.first(By.id("login-form")));
        Object me = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('api/me', { headers: { 'X-Requested-With': 'XMLHttpRequest' } })
                  .then((response) => done(response.status), (error) => done(String(error)));
                """);
        assertEquals(401L, me, "the session has ended");
        browser.screenshot("login");

        form.findElement(By.id("login-username")).sendKeys(TestUser.VIEWER.userName());
        form.findElement(By.id("login-password")).sendKeys(TestUser.VIEWER.password() + "-wrong");
        form.findElement(By.id("login-submit")).click();
        WebElement error = browser.waitFor(d -> browser.first(By.id("login-error")));
        assertTrue(error.getText().contains("not accepted"), error.getText());
        browser.screenshot("login-error");

        browser.logIn(TestUser.VIEWER);
        assertEquals("viewer", browser.byTestId("user-name").getText());
    }
}
