package io.podwire.report;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders a generated Allure 2 report and the sign-off page next to it in headless Chromium (Debian's chromium and
 * chromium-driver, driven by Selenium; served on 127.0.0.1; nothing downloaded: both paths are given, so Selenium
 * Manager never runs) and checks what an auditor must see: every claim test, each failed claim test filed under its own
 * claim only, the environment, a violated claim under "claim violated" with its command, expected, observed and
 * deciding raw lines, and on the sign-off page one FAIL cell per FAIL verdict linked to its evidence and on to the
 * Allure test. Not a unit test (its name ends in Check): ci/browser-check.sh runs it on a report.
 * <p>
 * -Dpodwire.report (reports/allure-report), -Dpodwire.screenshots (target/screenshots: a run never rewrites the
 * tracked reports/screenshots unless asked), -Dpodwire.browser.violation=required (evidence run) or optional.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportInBrowserCheck {
    private static final Duration RENDER = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMillis(300);
    /** A claim test's name starts with its claim ID; the all-pods audit's reads "All-pods audit: C9 holds …". */
    private static final Pattern CLAIM_NAME = Pattern.compile("^(?:All-pods audit: )?(C\\d{1,2}) .*");
    private static final Path CHROMIUM = Path.of(env("CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final Path report = Path.of(System.getProperty("podwire.report", "reports/allure-report")).toAbsolutePath();
    private final Path shots = Path.of(System.getProperty("podwire.screenshots", "target/screenshots")).toAbsolutePath();
    private final boolean violationRequired = "required".equals(System.getProperty("podwire.browser.violation", "optional"));

    private List<TestCase> claims;
    private TestCase violated;
    private HttpServer server;
    private String root;
    private String base;
    private Path profile;
    private ChromeDriver browser;

    record TestCase(String uid, String name, String status, String message, List<String> stories, JsonNode json) {
    }

    @BeforeAll
    void openTheReportInChromium() throws IOException {
        assertTrue(Files.isRegularFile(report.resolve("index.html")),
                "no report at " + report + ": generate it first (ci/report.sh)");
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(binary), binary + " is missing: install Debian's chromium and chromium-driver"
                    + " (ci/prepare-machine.sh does); this check downloads nothing");
        }
        claims = testCases().stream().filter(t -> CLAIM_NAME.matcher(t.name).matches()).toList();
        assertFalse(claims.isEmpty(), "the report holds no claim test (no test name starts with a claim ID): did the claim tests run?");
        // the workload's own claim test before the all-pods audit's (it holds every pod), then by name: stable
        violated = claims.stream().filter(t -> t.status.equals("failed") && t.message.contains(" FAIL "))
                .min(Comparator.comparing((TestCase t) -> t.name.startsWith("All-pods audit")).thenComparing(t -> t.name))
                .orElse(null);
        Files.createDirectories(shots);

        // the report's parent is served: the sign-off page sits next to the report and links into it
        server = serve(report.getParent());
        root = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        base = root + report.getFileName() + "/index.html";
        profile = Files.createTempDirectory("podwire-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000");
        // driver and browser paths given: Selenium's DriverFinder uses them and never runs Selenium Manager (no download)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(profile.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void closeChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop(0);
        }
        if (profile != null) {
            deleteTree(profile);
        }
    }

    @Test
    @Order(1)
    void everyFailedClaimTestIsFiledUnderItsOwnClaimOnly() {
        List<String> misfiled = new ArrayList<>();
        claims.stream().filter(t -> !t.status.equals("passed")).forEach(t -> {
            Matcher id = CLAIM_NAME.matcher(t.name);
            String claim = id.matches() ? id.group(1) : "?";
            if (!t.stories.equals(List.of(claim))) {
                misfiled.add("\"" + t.name + "\" is filed under stories " + t.stories + ", not under " + claim + " only");
            }
        });
        assertEquals(List.of(), misfiled, "behaviors");
    }

    @Test
    @Order(2)
    void theOverviewShowsEveryEnvironmentEntryAndTheViolatedCategory() throws IOException {
        Map<String, List<String>> environment = environment();
        assertFalse(environment.isEmpty(), "widgets/environment.json has no entries: environment.properties did not reach the results");
        open(base + "#", 1400, 1000);
        waitForText(List.of("Environment", "Categories"));
        // the environment widget shows five entries until its own "Show all" is clicked (other widgets' links navigate)
        js("const w = [...document.querySelectorAll('.widget')].find(x => /^environment/i.test(x.innerText.trim()));"
                + " const more = w && [...w.querySelectorAll('*')].find(x => x.children.length === 0 && /show all/i.test(x.innerText));"
                + " if (more) more.click(); return '';");
        List<String> needles = new ArrayList<>(environment.keySet());
        environment.values().forEach(needles::addAll);
        if (violated != null) {
            needles.add("claim violated");
        }
        waitForText(needles);
        screenshot("overview.png");
    }

    @Test
    @Order(3)
    void theBehaviorsTreeListsEveryClaimTest() {
        open(base + "#behaviors", 1400, 1000);
        waitForText(List.of("Behaviors"));
        String behaviors = expandAll(".node__title", "node__expanded", true);
        List<String> missing = claims.stream().map(TestCase::name).filter(n -> !containsIgnoringCase(behaviors, n)).toList();
        assertEquals(List.of(), missing, "claim tests not rendered under behaviors");
    }

    @Test
    @Order(4)
    void theViolatedClaimShowsItsEvidenceUnderClaimViolated() throws IOException {
        if (violationRequired) {
            assertTrue(violated != null, "the report holds no violated claim; run ci/evidence-run.sh (a lab conformance"
                    + " run with a fault injected)");
        }
        assumeTrue(violated != null, "no violated claim in this report (every claim held): nothing to show under claim violated");
        open(base + "#categories", 1400, 1000);
        waitForText(List.of("claim violated"));
        String categories = expandAll(".node__title", "node__expanded", true);
        int group = categories.indexOf("claim violated");
        assertTrue(group >= 0 && containsIgnoringCase(categories.substring(group), violated.name),
                () -> "categories: \"" + violated.name + "\" under claim violated in:\n" + categories);

        // the deciding raw lines as stored in the report, and the command the message names, must be on the page
        List<String> needles = new ArrayList<>(decidingLines(violated.json));
        Matcher decidedBy = Pattern.compile("decided by: `([^`]+)`").matcher(violated.message);
        if (decidedBy.find()) {
            needles.add("$ " + decidedBy.group(1));
        }
        needles.addAll(List.of(violated.name, "expected: ", "observed: ", "decided by: ", "observe on node",
                "evaluate: expected", "commands run on node", "raw output lines that decided", "parsed values (JSON)"));
        open(base + "#testresult/" + violated.uid, 1400, 1600);
        waitForText(List.of(violated.name));
        expandAll(".step__title_hasContent", "step_expanded", true);
        expandAll(".attachment-row", "attachment-row_selected", false);
        // attachments load one fetch each after their click: wait until every one expected is shown
        waitForText(needles);

        // the screenshot: the message, then only the failing pod's step opened (not the whole snapshot)
        open(base + "#testresult/" + violated.uid, 1400, 1600);
        waitForText(List.of(violated.name));
        openFailingStep();
        screenshot("failing-claim.png");
    }

    /**
     * The sign-off page renders one FAIL cell per FAIL verdict of the record; each FAIL cell's link lands on that
     * verdict's evidence (expected, observed, the commands), whose own link opens the test in the report.
     */
    @Test
    @Order(5)
    void theSignOffPageHasOneFailCellPerFailVerdictLinkedToItsEvidence() throws IOException {
        Path signOff = report.getParent().resolve("signoff.html");
        assertTrue(Files.isRegularFile(signOff), "no sign-off page at " + signOff + ": the conformance run writes it");
        JsonNode record = ClaimReport.JSON.readTree(Files.readString(report.getParent().resolve("verdicts.json")));
        long fails = 0;
        for (JsonNode v : record.path("verdicts")) {
            fails += v.path("verdict").asString().equals("FAIL") ? 1 : 0;
        }
        open(root + "signoff.html", 1400, 1000);
        waitForText(List.of("podwire sign-off", "status:"));
        long cells = Long.parseLong(js("return String(document.querySelectorAll('td.cell.FAIL').length);"));
        screenshot("signoff.png");
        assertEquals(fails, cells, "FAIL cells on the sign-off page = FAIL verdicts in the record");
        String href = js("const a = document.querySelector('td.cell.FAIL a'); return a ? a.getAttribute('href') : '';");
        if (fails == 0) {
            return;
        }
        assertFalse(href.isEmpty(), "the FAIL cell has no link to its evidence");
        js("document.querySelector('td.cell.FAIL a').click(); return '';");
        String target = ClaimReport.JSON.writeValueAsString(href.substring(1));
        String evidence = js("const s = document.getElementById(" + target + "); return s ? s.innerText : '';");
        for (String part : List.of(": FAIL", "expected", "observed", "reason", "$ ")) {
            assertTrue(containsIgnoringCase(evidence, part), () -> "the FAIL cell's evidence shows \"" + part + "\":\n" + evidence);
        }
        String testLink = js("const s = document.getElementById(" + target + "); const a = s && s.querySelector('a.allure');"
                + " return a ? a.getAttribute('href') : '';");
        assertFalse(testLink.isEmpty(), "the FAIL cell's evidence has no link to its test in the report (run ci/report.sh)");
        open(root + testLink, 1400, 1000);
        waitForText(List.of("expected: ", "observed: ", "decided by: "));
    }

    // ---- the page

    private void open(String url, int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
        browser.get(url);
    }

    private String js(String body) {
        Object r = ((JavascriptExecutor) browser).executeScript(body);
        return r == null ? "" : r.toString();
    }

    private String bodyText() {
        return js("return document.body ? document.body.innerText : '';");
    }

    /** The rendered text once every needle is in it (Allure renders from JSON after load); the last text on timeout. */
    private String waitForText(List<String> needles) {
        String[] text = {""};
        poll("the page renders " + needles).untilAsserted(() -> {
            text[0] = bodyText();
            List<String> missing = needles.stream().filter(n -> !containsIgnoringCase(text[0], n)).toList();
            assertEquals(List.of(), missing, () -> "not rendered on " + browser.getCurrentUrl() + "; the page shows:\n" + text[0]);
        });
        return text[0];
    }

    /**
     * Clicks every element matching selector whose holder (the element itself, or its parent) lacks the expanded
     * class, until a round clicks none (expanding reveals nested ones); returns the page text. Tree leaves (no
     * children) are never clicked: that would navigate away.
     */
    private String expandAll(String selector, String expandedClass, boolean onParent) {
        String sel = quote(selector);
        String cls = quote(expandedClass);
        poll("expand every " + selector).until(() -> js("let n = 0; document.querySelectorAll(" + sel + ").forEach(e => {"
                + " const h = " + (onParent ? "e.parentElement" : "e") + ";"
                + " if (h.classList.contains('node') && !h.querySelector(':scope > .node__children')) return;"
                + " if (!h.classList.contains(" + cls + ")) { e.click(); n++; } }); return String(n);").equals("0"));
        return bodyText();
    }

    /** Opens the first step whose title ends in ": FAIL", with all its sub-steps and attachments. */
    private void openFailingStep() {
        // Allure keeps what was opened before: close it, deepest first, keeping the "Test body" stage open
        js("document.querySelectorAll('.attachment-row_selected').forEach(e => e.click());"
                + " [...document.querySelectorAll('.step_expanded > .step__title:not(.step__title_stage)')].reverse()"
                + ".forEach(e => e.click()); return '';");
        poll("open the failing step").until(() -> js("const t = [...document.querySelectorAll('.step__title')]"
                + ".find(x => x.innerText.includes(': FAIL')); if (!t) return 'none';"
                + " if (!t.parentElement.classList.contains('step_expanded')) { t.click(); return 'clicked'; } return 'open';")
                .equals("open"));
        poll("open the failing step's sub-steps and attachments").until(() -> js("const t = [...document.querySelectorAll("
                + "'.step_expanded > .step__title')].find(x => x.innerText.includes(': FAIL'));"
                + " if (!t) return '0'; const s = t.parentElement; let n = 0;"
                + " s.querySelectorAll('.step__title_hasContent').forEach(e => { if (!e.parentElement.classList.contains('step_expanded')) { e.click(); n++; } });"
                + " s.querySelectorAll('.attachment-row').forEach(e => { if (!e.classList.contains('attachment-row_selected')) { e.click(); n++; } });"
                + " return String(n);").equals("0"));
    }

    private void screenshot(String name) throws IOException {
        Files.write(shots.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ConditionFactory poll(String what) {
        return Awaitility.await(what).atMost(RENDER).pollDelay(SETTLE).pollInterval(SETTLE).ignoreExceptions();
    }

    // ---- the report's data

    /** data/test-cases/*.json of an Allure 2 report. */
    private List<TestCase> testCases() throws IOException {
        List<TestCase> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(report.resolve("data/test-cases"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode json = ClaimReport.JSON.readTree(Files.readString(f));
                List<String> stories = new ArrayList<>();
                json.path("labels").forEach(l -> {
                    if (l.path("name").asString().equals("story")) {
                        stories.add(l.path("value").asString());
                    }
                });
                out.add(new TestCase(json.path("uid").asString(), json.path("name").asString(),
                        json.path("status").asString(), json.path("statusMessage").asString(""), stories, json));
            }
        }
        return out;
    }

    /** The first non-blank line of each "raw output lines that decided …" attachment, as stored in the report. */
    private List<String> decidingLines(JsonNode testCase) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode a : testCase.findParents("source")) {
            if (a.path("name").asString("").startsWith("raw output lines that decided")) {
                Path file = report.resolve("data/attachments/" + a.path("source").asString());
                assertTrue(Files.isRegularFile(file), () -> "attachment file " + file + " is missing");
                out.add(Files.readString(file).lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip());
            }
        }
        return out;
    }

    /** widgets/environment.json: [{"name":…,"values":[…]}]. */
    private Map<String, List<String>> environment() throws IOException {
        Map<String, List<String>> env = new LinkedHashMap<>();
        for (JsonNode e : ClaimReport.JSON.readTree(Files.readString(report.resolve("widgets/environment.json")))) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asString()));
            env.put(e.path("name").asString(), values);
        }
        return env;
    }

    // ---- plumbing

    private static boolean containsIgnoringCase(String text, String needle) {
        return text.toLowerCase().contains(needle.toLowerCase());
    }

    private static String quote(String s) {
        return ClaimReport.JSON.writeValueAsString(s);
    }

    private static String env(String name, String otherwise) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(otherwise);
    }

    private static HttpServer serve(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Map<String, String> types = Map.of("html", "text/html; charset=utf-8", "js", "application/javascript",
                "css", "text/css", "json", "application/json", "svg", "image/svg+xml", "png", "image/png",
                "ico", "image/x-icon", "txt", "text/plain; charset=utf-8", "csv", "text/csv; charset=utf-8",
                "woff", "font/woff");
        server.createContext("/", exchange -> {
            Path file = dir.resolve(URI.create(exchange.getRequestURI().toString()).getPath().substring(1)).normalize();
            byte[] body;
            int code = 200;
            if (file.startsWith(dir) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                exchange.getResponseHeaders().set("Content-Type",
                        types.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"));
            } else {
                body = "not found".getBytes(StandardCharsets.UTF_8);
                code = 404;
            }
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // Chromium's helpers may still write into the profile while exiting; a leftover temp dir is only clutter
        }
    }
}
