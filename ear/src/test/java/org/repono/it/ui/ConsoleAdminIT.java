package org.repono.it.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.repono.it.TestUser;

/**
 * An admin in the console: runs a check and a compaction and watches them end, cancels a running check (on the
 * repository whose jobs the test server slows down), deletes, uploads and downloads objects, edits the schedule,
 * decides prepared transactions, breaks a foreign lock; the server refuses a forged request riding on the admin's
 * session; a narrow window keeps every control.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAdminIT extends ConsoleTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static Browser browser;
    private final Rest admin = new Rest(TestUser.ADMIN);

    @BeforeAll
    static void logIn() {
        browser = Browser.start("admin", 1280, 900);
        browser.logIn(TestUser.ADMIN);
        browser.screenshot("overview");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** First: the lock and the prepared transactions are still there, each with its controls. */
    @Test
    @Order(1)
    void aNarrowWindowStillShowsEveryControlAndEveryFieldHasALabel() throws Exception {
        String objectId = admin.store(ConsoleDeployment.OBJECTS, random(1000));
        String xid = ConsoleDeployment.TO_COMMIT.xid();
        try (Browser narrow = Browser.start("narrow", 375, 800)) {
            narrow.logIn(TestUser.ADMIN);
            assertEquals(375L, narrow.script("return window.innerWidth"));
            assertControlsFit(narrow, "/", "narrow-overview", "nav-overview", "logout-button",
                    "repo-link-" + ConsoleDeployment.CHECKED, "repo-objects-link-" + ConsoleDeployment.CHECKED);
            assertControlsFit(narrow, "/repositories/" + ConsoleDeployment.OBJECTS, "narrow-repository", "logout-button",
                    "objects-link", "start-check", "start-repair", "compact-threshold", "start-compact",
                    "schedule-check-enabled", "schedule-check-interval", "schedule-compaction-enabled",
                    "schedule-compaction-threshold", "schedule-compaction-interval", "schedule-save");
            assertControlsFit(narrow, "/repositories/" + ConsoleDeployment.IN_DOUBT, "narrow-repository-prepared",
                    "txn-commit-" + xid, "txn-rollback-" + xid);
            assertControlsFit(narrow, "/repositories/" + ConsoleDeployment.LOCKED, "narrow-repository-locked",
                    "force-break-lock");
            assertControlsFit(narrow, "/repositories/" + ConsoleDeployment.OBJECTS + "/objects", "narrow-objects",
                    "upload-file", "upload-button", "object-prefix", "object-search", "objects-first", "objects-prev",
                    "objects-next", "object-download-" + objectId, "object-delete-" + objectId);
        }
    }

    private static void assertControlsFit(Browser narrow, String route, String screenshot, String... controls) {
        narrow.open(route);
        for (String control : controls) {
            WebElement element = narrow.byTestId(control);
            narrow.script("arguments[0].scrollIntoView({block: 'center'})", element);
            assertTrue(element.isDisplayed(), control + " is shown on " + route);
            Object fits = narrow.script("""
                    const box = arguments[0].getBoundingClientRect();
                    return box.width > 0 && box.height > 0 && box.left >= 0
                      && box.right <= document.documentElement.clientWidth;
                    """, element);
            assertEquals(Boolean.TRUE, fits, control + " lies within the narrow window on " + route);
        }
        Object overflow = narrow.script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, overflow, route + " scrolls sideways in a narrow window");
        Object unlabelled = narrow.script("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter((field) => field.type !== 'hidden' && !field.closest('dialog'))
                  .filter((field) => field.labels.length === 0 && !field.getAttribute('aria-label')
                    && !field.getAttribute('aria-labelledby'))
                  .map((field) => field.id || field.name || field.outerHTML);
                """);
        assertEquals(List.of(), unlabelled, "fields without a label on " + route);
        narrow.screenshot(screenshot);
    }

    @Test
    @Order(2)
    void theKeyboardAloneReachesAndStartsACheck() {
        browser.open("/repositories/" + ConsoleDeployment.APPEND_ONLY);
        assertFalse(browser.byTestId("start-compact").isEnabled(), "append-only: no compaction");
        assertFalse(browser.byTestId("start-repair").isEnabled(), "append-only: no repair");
        Actions keyboard = new Actions(browser.driver());
        for (int i = 0; i < 40 && !"start-check".equals(browser.script("return document.activeElement.id")); i++) {
            keyboard.sendKeys(Keys.TAB).perform();
        }
        assertEquals("start-check", browser.script("return document.activeElement.id"), "Tab reaches Start check");

        keyboard.sendKeys(Keys.ENTER).perform();

        browser.waitFor(d -> {
            WebElement panel = browser.find("active-job");
            return panel != null && "succeeded".equals(panel.getAttribute("data-state")) ? panel : null;
        });
        assertEquals("clean", browser.byTestId("job-outcome").getAttribute("data-outcome"));
    }

    @Test
    void aCheckStartedInTheConsoleRunsTo100PercentAndShowsItsOutcome() throws Exception {
        for (int i = 0; i < 20; i++) {
            admin.store(ConsoleDeployment.CHECKED, random(50_000));
        }
        String page = "/repositories/" + ConsoleDeployment.CHECKED;
        browser.open(page);
        assertEquals("No job has run yet.", browser.byTestId("no-active-job").getText());
        // every value the progress bar shows, from the start to the end
        browser.script("""
                window.shownProgress = [];
                new MutationObserver(() => {
                  const bar = document.getElementById('job-progress');
                  if (bar && bar.hasAttribute('value')) window.shownProgress.push(bar.value);
                }).observe(document.getElementById('active-job'), { childList: true, subtree: true });
                """);

        browser.byTestId("start-check").click();

        WebElement job = browser.waitFor(d -> {
            WebElement panel = browser.find("active-job");
            return panel != null && "succeeded".equals(panel.getAttribute("data-state")) ? panel : null;
        });
        String jobId = job.getAttribute("data-job-id");
        assertNotNull(jobId);
        WebElement progress = browser.byTestId("job-progress");
        assertEquals(1.0, Double.parseDouble(progress.getDomProperty("value")), 0.0);
        assertTrue(browser.byTestId("job-progress-text").getText().startsWith("100 %"),
                browser.byTestId("job-progress-text").getText());
        assertEquals("clean", browser.byTestId("job-outcome").getAttribute("data-outcome"));
        @SuppressWarnings("unchecked")
        List<Number> shown = (List<Number>) browser.script("return window.shownProgress");
        assertFalse(shown.isEmpty());
        for (int i = 1; i < shown.size(); i++) {
            assertTrue(shown.get(i).doubleValue() >= shown.get(i - 1).doubleValue(), "progress went back: " + shown);
        }
        assertEquals(1.0, shown.get(shown.size() - 1).doubleValue(), 0.0, shown.toString());
        assertTrue(browser.byTestId("job-result").getText().contains("no problems found"),
                browser.byTestId("job-result").getText());
        WebElement row = browser.byTestId("job-row-" + jobId);
        assertEquals("succeeded", row.getAttribute("data-state"));
        browser.screenshot("repository");

        JsonObject lastCheck = admin.repository(ConsoleDeployment.CHECKED).getJsonObject("lastCheck");
        assertEquals(jobId, lastCheck.getString("jobId"), "the job the console showed is the server's last check");
        assertEquals("clean", lastCheck.getString("outcome"));
        browser.open("/");
        WebElement overviewRow = browser.byTestId("repo-row-" + ConsoleDeployment.CHECKED);
        assertTrue(overviewRow.findElement(Browser.testId("repo-last-check")).getText().startsWith("clean"),
                overviewRow.getText());
        assertEquals("OK", overviewRow.findElement(Browser.testId("health-badge")).getText());
    }

    /**
     * A check on the repository whose jobs the test server slows (ConsoleDeployment.SLOW): the running job shows its
     * progress bar and an ETA, and the Cancel button stops it; it ends as cancelled, in the panel and the history.
     */
    @Test
    void aRunningCheckShowsItsEtaAndIsCancelledWithItsButton() throws Exception {
        String repository = ConsoleDeployment.SLOW;
        for (int i = 0; i < 24; i++) {
            admin.store(repository, random(1000));
        }
        int segments = admin.repository(repository).getInt("segments");
        // each segment's report pauses 250 ms: the check would run for at least 5 s
        assertTrue(segments >= 20, "segments to check: " + segments);
        browser.open("/repositories/" + repository);

        browser.byTestId("start-check").click();

        // one look at the panel as it stands (it is redrawn every second)
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> running = browser.waitFor(d -> {
            java.util.Map<String, Object> panel = (java.util.Map<String, Object>) browser.script("""
                    const panel = document.getElementById('active-job');
                    const eta = panel.querySelector('[data-testid="job-eta"]');
                    const bar = panel.querySelector('[data-testid="job-progress"]');
                    return { state: panel.dataset.state, jobId: panel.dataset.jobId,
                      eta: eta ? eta.textContent : null,
                      etaTime: eta && eta.querySelector('time') ? eta.querySelector('time').getAttribute('datetime') : null,
                      progress: bar && bar.hasAttribute('value') ? bar.value : null,
                      progressText: (panel.querySelector('[data-testid="job-progress-text"]') || {}).textContent || null,
                      cancel: Boolean(panel.querySelector('[data-testid="job-cancel"]:not([disabled])')) };
                    """);
            return "running".equals(panel.get("state")) && panel.get("etaTime") != null ? panel : null;
        });
        String jobId = (String) running.get("jobId");
        String eta = (String) running.get("eta");
        assertTrue(eta.matches("ETA .+ \\(in (\\d+ s|\\d+ min \\d\\d s)\\)"), "the ETA shown: " + eta);
        java.time.Instant etaTime = java.time.Instant.parse((String) running.get("etaTime"));
        assertTrue(etaTime.isAfter(java.time.Instant.now().minusSeconds(5)), "the ETA lies ahead: " + etaTime);
        double progress = ((Number) running.get("progress")).doubleValue();
        assertTrue(progress > 0 && progress < 1, "part of the work is done: " + progress);
        String progressText = (String) running.get("progressText");
        assertTrue(progressText.matches("[\\d.]+ % · .+ of .+"), progressText);
        assertEquals(Boolean.TRUE, running.get("cancel"), "an admin has a Cancel button");
        // the job's history row follows its progress, not the figure it had when the job started
        browser.waitFor(d -> Boolean.TRUE.equals(browser.script("""
                const row = document.querySelector('[data-testid="job-row-progress-' + arguments[0] + '"]');
                const text = document.querySelector('#active-job [data-testid="job-progress-text"]');
                return Boolean(row && text && row.textContent !== '0 %'
                  && text.textContent.startsWith(row.textContent + ' ·'));
                """, jobId)) ? Boolean.TRUE : null);
        browser.screenshot("repository-running-job");

        // the panel is redrawn every second: a button found a moment ago may have been replaced
        browser.waitFor(d -> {
            browser.byTestId("job-cancel").click();
            return Boolean.TRUE;
        });

        WebElement ended = browser.waitFor(d -> {
            WebElement panel = browser.find("active-job");
            return panel != null && jobId.equals(panel.getAttribute("data-job-id"))
                    && "cancelled".equals(panel.getAttribute("data-state")) ? panel : null;
        });
        assertNotNull(ended);
        assertEquals("cancelled", browser.byTestId("job-outcome").getAttribute("data-outcome"));
        assertTrue(browser.byTestId("job-result").getText().contains("cancelled before the end"),
                browser.byTestId("job-result").getText());
        assertTrue(Double.parseDouble(browser.byTestId("job-progress").getDomProperty("value")) < 1,
                "a cancelled check stopped short of 100 %");
        WebElement row = browser.waitFor(d -> {
            WebElement r = browser.find("job-row-" + jobId);
            return r != null && "cancelled".equals(r.getAttribute("data-state")) ? r : null;
        });
        assertTrue(row.getText().contains("cancelled before the end"), row.getText());
        browser.screenshot("repository-cancelled-job");

        JsonObject job = admin.get("/repositories/" + repository + "/jobs/" + jobId).expect(200).json();
        assertEquals("cancelled", job.getString("state"), job.toString());
        assertTrue(job.getBoolean("cancelRequested"), job.toString());
        assertTrue(job.getJsonObject("result").getInt("segmentsChecked") < segments, job.toString());
        assertEquals("cancelled", admin.repository(repository).getJsonObject("lastCheck").getString("outcome"));
    }

    @Test
    void objectsDeletedInTheConsoleLeaveFreeableSpaceThatACompactionFrees() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(admin.store(ConsoleDeployment.COMPACTED, random(200_000)));
        }
        String repositoryPage = "/repositories/" + ConsoleDeployment.COMPACTED;
        browser.open(repositoryPage);
        long freeableBefore = chartFreeableBytes();
        assertTrue(freeableBefore < 200_000, "nothing deleted yet: " + freeableBefore);

        browser.open(repositoryPage + "/objects");
        // Escape (or Cancel) in the confirmation changes nothing
        browser.byTestId("object-delete-" + ids.get(0)).click();
        confirmation("Delete this object?");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        browser.waitFor(d -> browser.first(By.cssSelector("#confirm-dialog[open]")) == null);
        assertEquals(200, admin.get(Rest.objects(ConsoleDeployment.COMPACTED) + "/" + ids.get(0)).status());
        List<String> deleted = ids.subList(0, 4);
        for (String id : deleted) {
            browser.byTestId("object-delete-" + id).click();
            assertTrue(confirmation("Delete this object?").getText().contains(id));
            browser.byTestId("confirm-ok").click();
            browser.waitFor(d -> browser.find("object-row-" + id) == null);
            assertEquals(404, admin.get(Rest.objects(ConsoleDeployment.COMPACTED) + "/" + id).status(), id);
        }
        for (String kept : ids.subList(4, ids.size())) {
            assertNotNull(browser.find("object-row-" + kept), kept);
        }

        browser.open(repositoryPage);
        long freeableAfterDeletes = chartFreeableBytes();
        assertTrue(freeableAfterDeletes >= freeableBefore + 4 * 200_000L,
                "before " + freeableBefore + ", after deleting 4 x 200 kB " + freeableAfterDeletes);
        browser.screenshot("repository-before-compaction");
        WebElement threshold = browser.byTestId("compact-threshold");
        threshold.clear();
        threshold.sendKeys("10");
        browser.byTestId("start-compact").click();

        browser.waitFor(d -> {
            WebElement panel = browser.find("active-job");
            return panel != null && "succeeded".equals(panel.getAttribute("data-state")) ? panel : null;
        });
        assertTrue(browser.byTestId("job-result").getText().startsWith("Rewrote"), browser.byTestId("job-result").getText());
        long freeableAfterCompaction = browser.waitFor(d -> {
            long now = chartFreeableBytes();
            return now < freeableAfterDeletes ? now : null;
        });
        assertTrue(freeableAfterCompaction < 200_000, "compaction left " + freeableAfterCompaction + " bytes freeable");
        assertEquals(admin.repository(ConsoleDeployment.COMPACTED).getJsonNumber("freeableBytes").longValue(),
                freeableAfterCompaction, "the chart shows the server's figures");
        browser.screenshot("repository-after-compaction");
        for (String kept : ids.subList(4, ids.size())) {
            assertEquals(200, admin.get(Rest.objects(ConsoleDeployment.COMPACTED) + "/" + kept).status(), kept);
        }
    }

    @Test
    void aFileUploadedInTheConsoleDownloadsByteIdentical() throws Exception {
        byte[] content = random(150_000);
        Path file = Files.createDirectories(Browser.target().resolve("uploads")).resolve("upload-" + System.nanoTime() + ".bin");
        Files.write(file, content);
        String expectedId = Rest.sha256(content);

        browser.open("/repositories/" + ConsoleDeployment.OBJECTS + "/objects");
        browser.byTestId("upload-file").sendKeys(file.toString());
        browser.byTestId("upload-button").click();

        String id = browser.waitFor(d -> {
            WebElement shown = browser.find("upload-id");
            return shown != null && !shown.getText().isEmpty() ? shown.getText() : null;
        });
        assertEquals(expectedId, id, "the new id is the SHA-256 of the file");
        assertArrayEquals(content, admin.get(Rest.objects(ConsoleDeployment.OBJECTS) + "/" + id).expect(200).body());
        WebElement row = browser.byTestId("object-row-" + id);
        assertEquals(String.valueOf(content.length), row.getAttribute("data-size"));
        browser.screenshot("objects");

        browser.byTestId("object-download-" + id).click();
        Path downloaded = browser.downloads().resolve(id);
        browser.waitFor(d -> Files.isRegularFile(downloaded) && !Files.exists(Path.of(downloaded + ".crdownload"))
                && sizeOf(downloaded) == content.length ? downloaded : null);
        assertArrayEquals(content, Files.readAllBytes(downloaded));
    }

    @Test
    void theObjectBrowserPagesThroughEveryIdAndFindsThemByPrefix() throws Exception {
        String prefix = java.util.HexFormat.of().formatHex(random(3));
        java.util.Set<String> prefixed = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            String id = prefix + java.util.HexFormat.of().formatHex(random(29));
            admin.put(ConsoleDeployment.PAGED, id, random(100 + i));
            prefixed.add(id);
        }
        for (int i = 0; i < 60; i++) {
            admin.store(ConsoleDeployment.PAGED, random(10 + i));
        }
        java.util.Set<String> expected = admin.allIds(ConsoleDeployment.PAGED);
        assertEquals(63, expected.size());

        browser.open("/repositories/" + ConsoleDeployment.PAGED + "/objects");
        java.util.Set<String> seen = new java.util.HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            for (WebElement row : browser.driver().findElements(By.cssSelector("[data-testid^='object-row-']"))) {
                assertTrue(seen.add(row.getAttribute("data-id")), "listed twice: " + row.getAttribute("data-id"));
            }
            WebElement next = browser.byTestId("objects-next");
            if (!next.isEnabled()) {
                break;
            }
            String pageText = browser.byTestId("objects-page").getText();
            next.click();
            browser.waitFor(d -> pageText.equals(browser.byTestId("objects-page").getText()) ? null : Boolean.TRUE);
        }
        assertEquals(expected, seen, "every id once, over " + pages + " pages");
        assertTrue(pages > 1, "more ids than one page holds");

        WebElement search = browser.byTestId("object-prefix");
        search.sendKeys(prefix.toUpperCase());
        browser.byTestId("object-search").click();
        browser.waitFor(d -> browser.byTestId("objects-page").getText().contains("starting with " + prefix) ? Boolean.TRUE : null);
        java.util.Set<String> found = new java.util.HashSet<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("[data-testid^='object-row-']"))) {
            found.add(row.getAttribute("data-id"));
        }
        assertEquals(prefixed, found);

        search.clear();
        search.sendKeys("xyz");
        browser.byTestId("object-search").click();
        WebElement error = browser.byTestId("error-message");
        assertTrue(error.getText().contains("xyz"), error.getText());
    }

    @Test
    void theScheduleIsEditedAndAnOverdueCheckIsFlagged() throws Exception {
        browser.open("/");
        assertNull(browser.find("check-overdue-" + ConsoleDeployment.OBJECTS), "no schedule, no warning");
        browser.open("/repositories/" + ConsoleDeployment.OBJECTS);
        WebElement enabled = browser.byTestId("schedule-check-enabled");
        assertFalse(enabled.isSelected());
        enabled.click();
        WebElement interval = browser.byTestId("schedule-check-interval");
        interval.clear();
        interval.sendKeys("2");
        browser.byTestId("schedule-save").click();

        browser.waitFor(d -> {
            WebElement status = browser.find("status-message");
            return status != null && status.getText().contains("Schedule saved") ? status : null;
        });
        JsonObject check = admin.get("/repositories/" + ConsoleDeployment.OBJECTS + "/schedule").expect(200).json()
                .getJsonObject("check");
        assertTrue(check.getBoolean("enabled"));
        assertEquals(2, check.getInt("intervalHours"));
        assertTrue(browser.byTestId("check-overdue").getText().contains("every 2 h"));

        browser.open("/");
        WebElement warning = browser.byTestId("check-overdue-" + ConsoleDeployment.OBJECTS);
        assertTrue(warning.getText().contains("No check has run yet"), warning.getText());
    }

    @Test
    void theOverviewWarnsWhenTheLastCheckIsOlderThanTheScheduleAsks() throws Exception {
        String repository = ConsoleDeployment.PAGED;
        JsonObject lastCheck = admin.repository(repository).getJsonObject("lastCheck");
        assertEquals(ConsoleDeployment.PAGED_LAST_CHECK_JOB, lastCheck.getString("jobId"), lastCheck.toString());
        browser.open("/");
        assertNull(browser.find("check-overdue-" + repository), "no schedule, no warning");

        schedule(repository, true, 2);
        try {
            browser.open("/");
            WebElement warning = browser.waitFor(d -> browser.find("check-overdue-" + repository));
            assertTrue(warning.getText().contains("Last check ran " + ConsoleDeployment.PAGED_LAST_CHECK_HOURS + " h")
                    && warning.getText().contains("every 2 h"), warning.getText());
            WebElement row = browser.byTestId("repo-row-" + repository);
            assertEquals("Warning", row.findElement(Browser.testId("health-badge")).getText(), row.getText());
            browser.screenshot("overview-check-overdue");
            browser.open("/repositories/" + repository);
            assertTrue(browser.byTestId("check-overdue").getText().contains("every 2 h"));
        } finally {
            schedule(repository, false, 24);
        }
    }

    @Test
    void preparedTransactionsAreDecidedOnlyAfterConfirmation() throws Exception {
        browser.open("/repositories/" + ConsoleDeployment.IN_DOUBT);
        ConsoleDeployment.Branch commit = ConsoleDeployment.TO_COMMIT;
        ConsoleDeployment.Branch rollback = ConsoleDeployment.TO_ROLL_BACK;
        WebElement row = browser.byTestId("txn-row-" + commit.xid());
        assertTrue(row.getText().contains("4660:"), row.getText());
        String age = row.findElement(Browser.testId("txn-age")).getText();
        assertTrue(age.matches("\\d+ (s|min \\d\\d s|h \\d\\d min)"), "the branch's age: " + age);
        assertNotNull(browser.byTestId("txn-row-" + rollback.xid()));
        browser.screenshot("repository-prepared-transactions");

        browser.byTestId("txn-commit-" + commit.xid()).click();
        confirmation("Commit this prepared transaction?");
        browser.byTestId("confirm-cancel").click();
        assertNotNull(browser.byTestId("txn-row-" + commit.xid()), "cancelled: still prepared");
        assertEquals(404, admin.get(Rest.objects(ConsoleDeployment.IN_DOUBT) + "/" + commit.objectId()).status());

        browser.byTestId("txn-commit-" + commit.xid()).click();
        confirmation("Commit this prepared transaction?");
        browser.byTestId("confirm-ok").click();
        browser.waitFor(d -> browser.find("txn-row-" + commit.xid()) == null);
        assertEquals(commit.data(), admin.get(Rest.objects(ConsoleDeployment.IN_DOUBT) + "/" + commit.objectId())
                .expect(200).text());

        browser.byTestId("txn-rollback-" + rollback.xid()).click();
        confirmation("Roll back this prepared transaction?");
        browser.byTestId("confirm-ok").click();
        browser.byTestId("no-transactions");
        assertEquals(404, admin.get(Rest.objects(ConsoleDeployment.IN_DOUBT) + "/" + rollback.objectId()).status());
        assertEquals(0, admin.get("/repositories/" + ConsoleDeployment.IN_DOUBT + "/transactions").expect(200).json()
                .getJsonArray("transactions").size());
    }

    @Test
    void aForeignLockIsBrokenOnlyAfterConfirmation() throws Exception {
        Path lock = ConsoleDeployment.folder(ConsoleDeployment.LOCKED).resolve("lock.exclusive");
        browser.open("/repositories/" + ConsoleDeployment.LOCKED);
        WebElement holder = browser.byTestId("lock-holder");
        assertTrue(holder.getText().contains(ConsoleDeployment.FOREIGN_HOST), holder.getText());
        assertEquals("false", holder.getAttribute("data-stale"));
        browser.screenshot("repository-locked");

        browser.byTestId("force-break-lock").click();
        confirmation("Force break the lock?");
        browser.byTestId("confirm-cancel").click();
        assertTrue(Files.isDirectory(lock), "cancelled: the lock stays");

        browser.byTestId("force-break-lock").click();
        confirmation("Force break the lock?");
        browser.byTestId("confirm-ok").click();
        browser.waitFor(d -> {
            WebElement status = browser.find("status-message");
            return status != null && status.getText().contains("Lock removed") ? status : null;
        });
        browser.waitFor(d -> browser.all("lock-holder").stream()
                .noneMatch(h -> h.getText().contains(ConsoleDeployment.FOREIGN_HOST)) ? Boolean.TRUE : null);
        // with the lock gone the server opens the repository: the page says so at its next look
        browser.waitFor(d -> "open".equals(browser.byTestId("stat-state").getText()) ? Boolean.TRUE : null);
        assertEquals(1, admin.repository(ConsoleDeployment.LOCKED).getInt("objects"));
        assertNotNull(browser.byTestId("segment-chart"), "its segments are shown now");
        Path roster = ConsoleDeployment.folder(ConsoleDeployment.LOCKED).resolve("lock.roster");
        assertFalse(Files.exists(roster) && Files.readString(roster).contains(ConsoleDeployment.FOREIGN_HOST),
                "the foreign holder is gone from the roster");
        assertFalse(Files.exists(lock.resolve(ConsoleDeployment.FOREIGN_HOST + "." + ConsoleDeployment.FOREIGN_PID + "-0")),
                "and from lock.exclusive");
    }

    @Test
    void aCrossSiteStyleFormPostOnTheAdminsSessionIsRefused() throws Exception {
        String jobs = "/repositories/" + ConsoleDeployment.OBJECTS + "/jobs";
        int jobsBefore = admin.get(jobs).expect(200).json().getJsonArray("jobs").size();
        browser.open("/");

        // What a foreign page can send: a plain form, text/plain body shaped like JSON, no custom header
        browser.script("""
                const form = document.createElement('form');
                form.method = 'post';
                form.enctype = 'text/plain';
                form.action = 'api' + arguments[0];
                const field = document.createElement('input');
                field.name = '{"kind":"check","x":"';
                field.value = '"}';
                form.append(field);
                document.body.append(form);
                form.submit();
                """, jobs);
        browser.waitFor(d -> d.getPageSource().contains("csrf-header-missing") ? Boolean.TRUE : null);
        Object status = browser.script("return performance.getEntriesByType('navigation')[0].responseStatus");
        assertEquals(403L, status);
        assertEquals(jobsBefore, admin.get(jobs).expect(200).json().getJsonArray("jobs").size(), "no job was started");

        // and a script on the page itself that leaves the header off
        String id = admin.store(ConsoleDeployment.OBJECTS, random(100));
        browser.open("/");
        Object deleteStatus = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('api' + arguments[0], { method: 'DELETE', credentials: 'same-origin' })
                  .then((response) => done(response.status), (error) => done(String(error)));
                """, Rest.objects(ConsoleDeployment.OBJECTS) + "/" + id);
        assertEquals(403L, deleteStatus);
        assertEquals(200, admin.get(Rest.objects(ConsoleDeployment.OBJECTS) + "/" + id).status(), "still there");
    }

    private void schedule(String repository, boolean check, int checkHours) throws Exception {
        admin.send("PUT", "/repositories/" + repository + "/schedule", java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"check\": {\"enabled\": " + check + ", \"intervalHours\": " + checkHours + "}, \"compaction\":"
                        + " {\"enabled\": false, \"threshold\": 0.1, \"intervalHours\": 168}}"), "application/json")
                .expect(200);
    }

    private WebElement confirmation(String title) {
        WebElement dialog = browser.waitFor(d -> browser.first(By.cssSelector("#confirm-dialog[open]")));
        assertEquals(title, dialog.findElement(By.id("confirm-title")).getText());
        assertEquals("confirm-cancel", browser.script("return document.activeElement.id"),
                "the safe choice has the focus");
        return dialog;
    }

    private static long chartFreeableBytes() {
        Object sum = browser.script("""
                return [...document.querySelectorAll('[data-testid^="segment-bar-"]')]
                  .reduce((total, bar) => total + Number(bar.getAttribute('data-freeable-bytes')), 0);
                """);
        return ((Number) sum).longValue();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
