import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders a generated Allure 2 report in headless Chromium (Debian's `chromium`, driven over the DevTools
 * protocol, served on 127.0.0.1) and asserts what an auditor must see: every claim test, a violated claim with its
 * command, expected, observed and deciding raw lines, the violated claim under "claim violated", and the
 * environment, each failed claim test under its own claim only; then the sign-off page next to the report: one FAIL
 * cell per violated verdict of the record, each linked to its evidence and on to the Allure test. Saves overview.png,
 * failing-claim.png and signoff.png. JDK only: `java ci/BrowserCheck.java REPORT SHOTS`.
 */
public class BrowserCheck {
    private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(30);
    /** A claim test's name starts with its claim ID; the all-pods audit's reads "All-pods audit: C9 holds …". */
    private static final Pattern CLAIM_NAME = Pattern.compile("^(?:All-pods audit: )?(C\\d{1,2}) .*");
    private static final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "reports/allure-report").toAbsolutePath();
        Path shots = Path.of(args.length > 1 ? args[1] : "reports/screenshots").toAbsolutePath();
        boolean violationRequired = !(args.length > 2 && args[2].equals("--allow-no-violation"));
        if (!Files.isRegularFile(report.resolve("index.html"))) {
            fail("no report at " + report + ": generate it first (ci/report.sh)");
        }
        String chromium = chromium().orElseThrow(() -> new IllegalStateException(
                "no Chromium on PATH (chromium, chromium-browser, google-chrome) and CHROMIUM unset:"
                        + " install Debian's package (apt-get install -y chromium); this check downloads nothing"));
        List<TestCase> tests = testCases(report);
        List<TestCase> claims = tests.stream().filter(t -> CLAIM_NAME.matcher(t.name).matches()).toList();
        // the workload's own claim test before the all-pods audit's (it holds every pod), then by name: stable
        TestCase violated = claims.stream().filter(t -> t.status.equals("failed") && t.message.contains(" FAIL "))
                .min(Comparator.comparing((TestCase t) -> t.name.startsWith("All-pods audit")).thenComparing(t -> t.name))
                .orElse(null);
        claims.stream().filter(t -> !t.status.equals("passed")).forEach(t -> {
            Matcher id = CLAIM_NAME.matcher(t.name);
            String claim = id.matches() ? id.group(1) : "?";
            if (!t.stories.equals(List.of(claim))) {
                problems.add("behaviors: \"" + t.name + "\" is filed under stories " + t.stories + ", not under " + claim + " only");
            }
        });
        if (claims.isEmpty()) {
            fail("the report holds no claim test (no test name starts with a claim ID): did the claim tests run?");
        }
        if (violated == null && violationRequired) {
            fail("the report holds no violated claim; run ci/evidence-run.sh (a lab conformance run with a fault injected)");
        }
        Map<String, List<String>> environment = environment(report);
        Files.createDirectories(shots);

        // the report's parent is served: the sign-off page sits next to the report and links into it
        HttpServer server = serve(report.getParent());
        String root = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        String base = root + report.getFileName() + "/index.html";
        Path signOff = report.getParent().resolve("signoff.html");
        Path profile = Files.createTempDirectory("podwire-chromium");
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=1400,1000", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try (Cdp page = Cdp.connect(profile, browser)) {
            page.call("Page.enable", "{}");

            page.open(base + "#", 1400, 1000);
            page.waitForText(List.of("Environment", "Categories"));
            // the environment widget shows five entries until its own "Show all" is clicked (other widgets' links navigate)
            page.eval("(() => { const w = [...document.querySelectorAll('.widget')].find(x => /^environment/i.test(x.innerText.trim()));"
                    + " const more = w && [...w.querySelectorAll('*')].find(x => x.children.length === 0 && /show all/i.test(x.innerText));"
                    + " if (more) more.click(); return ''; })()");
            String overview = page.waitForText(List.of("Environment", "Categories"));
            for (Map.Entry<String, List<String>> e : environment.entrySet()) {
                expect(overview, e.getKey(), "overview: environment entry");
                e.getValue().forEach(v -> expect(overview, v, "overview: environment value of " + e.getKey()));
            }
            if (violated != null) {
                expect(overview, "claim violated", "overview: categories widget");
            }
            page.screenshot(shots.resolve("overview.png"));

            page.open(base + "#behaviors", 1400, 1000);
            page.waitForText(List.of("Behaviors"));
            String behaviors = page.expandAll(".node__title", "node__expanded", true);
            claims.forEach(t -> expect(behaviors, t.name, "behaviors: claim test"));

            if (violated == null) {
                System.out.println("no violated claim in this report: its checks and failing-claim.png are skipped");
            } else {
                violatedClaim(page, base, report, violated, shots);
            }
            if (Files.isRegularFile(signOff)) {
                signOff(page, root, report.getParent(), shots);
            } else {
                problems.add("no sign-off page at " + signOff + ": the conformance run writes it (reports/signoff.html)");
            }
        } finally {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
            server.stop(0);
            deleteTree(profile);
        }
        report(report, shots, claims, violated, environment);
    }

    /** The violated claim is filed under "claim violated" and its page shows all of its evidence. */
    private static void violatedClaim(Cdp page, String base, Path report, TestCase violated, Path shots) throws Exception {
        page.open(base + "#categories", 1400, 1000);
        page.waitForText(List.of("claim violated"));
        String categories = page.expandAll(".node__title", "node__expanded", true);
        int group = categories.indexOf("claim violated");
        expect(group < 0 ? "" : categories.substring(group), violated.name, "categories: the violated claim under claim violated");

        // the deciding raw lines as stored in the report, and the command the message names, must be on the page
        List<String> stored = new ArrayList<>();
        Matcher excerpt = Pattern.compile("\"name\":\"raw output lines that decided[^\"]*\",\"source\":\"([^\"]+)\"")
                .matcher(Files.readString(report.resolve("data/test-cases/" + violated.uid + ".json")));
        while (excerpt.find()) {
            Path file = report.resolve("data/attachments/" + excerpt.group(1));
            stored.add(Files.isRegularFile(file) ? Files.readString(file).lines().filter(l -> !l.isBlank())
                    .findFirst().orElse("").strip() : "(attachment file " + excerpt.group(1) + " missing)");
        }
        Matcher decidedBy = Pattern.compile("decided by: `([^`]+)`").matcher(violated.message);
        String command = decidedBy.find() ? "$ " + decidedBy.group(1) : null;

        page.open(base + "#testresult/" + violated.uid, 1400, 1600);
        page.waitForText(List.of(violated.name));
        page.expandAll(".step__title_hasContent", "step_expanded", true);
        page.expandAll(".attachment-row", "attachment-row_selected", false);
        // attachments load one fetch each after their click: wait until every one expected is shown
        List<String> needles = new ArrayList<>(stored);
        if (command != null) {
            needles.add(command);
        }
        String evidence = page.waitForText(needles);
        expect(evidence, violated.name, "violated claim: title");
        for (String part : List.of("expected: ", "observed: ", "decided by: ", "observe on node", "evaluate: expected",
                "commands run on node", "raw output lines that decided", "parsed values (JSON)")) {
            expect(evidence, part, "violated claim: evidence");
        }
        stored.forEach(first -> expect(evidence, first, "violated claim: deciding raw lines"));
        if (command != null) {
            expect(evidence, command, "violated claim: the command in its commands attachment");
        }
        // the screenshot: the message, then only the failing pod's step opened (not the whole snapshot)
        page.open(base + "#testresult/" + violated.uid, 1400, 1600);
        page.waitForText(List.of(violated.name));
        page.openFailingStep();
        page.screenshot(shots.resolve("failing-claim.png"));
    }

    /**
     * The sign-off page renders one FAIL cell per ordinary FAIL verdict of the record; each FAIL cell's link lands
     * on that verdict's evidence (expected, observed, the commands), whose own link opens the test in the report.
     */
    private static void signOff(Cdp page, String root, Path reports, Path shots) throws Exception {
        String record = Files.readString(reports.resolve("verdicts.json"));
        Matcher failed = Pattern.compile("\"verdict\" : \"FAIL\",").matcher(record);
        int expectedFails = 0;
        while (failed.find()) {
            expectedFails++;
        }
        page.open(root + "signoff.html", 1400, 1000);
        page.waitForText(List.of("podwire sign-off", "status:"));
        int cells = Integer.parseInt(page.eval("String(document.querySelectorAll('td.cell.FAIL').length)"));
        if (cells != expectedFails) {
            problems.add("sign-off: " + cells + " FAIL cells rendered, the record has " + expectedFails + " FAIL verdicts");
        }
        page.screenshot(shots.resolve("signoff.png"));
        String href = page.eval("(() => { const a = document.querySelector('td.cell.FAIL a'); return a ? a.getAttribute('href') : ''; })()");
        if (href.isEmpty()) {
            if (expectedFails > 0) {
                problems.add("sign-off: the FAIL cell has no link to its evidence");
            }
            return;
        }
        page.eval("(() => { document.querySelector('td.cell.FAIL a').click(); return ''; })()");
        String evidence = page.eval("(() => { const s = document.getElementById(" + quote(href.substring(1)) + ");"
                + " return s ? s.innerText : ''; })()");
        for (String part : List.of(": FAIL", "expected", "observed", "reason", "$ ")) {
            expect(evidence, part, "sign-off: the FAIL cell's evidence");
        }
        String testLink = page.eval("(() => { const s = document.getElementById(" + quote(href.substring(1)) + ");"
                + " const a = s && s.querySelector('a.allure'); return a ? a.getAttribute('href') : ''; })()");
        if (testLink.isEmpty()) {
            problems.add("sign-off: the FAIL cell's evidence has no link to its test in the report (run ci/report.sh)");
            return;
        }
        page.open(root + testLink, 1400, 1000);
        String test = page.waitForText(List.of("expected: ", "observed: "));
        expect(test, "decided by: ", "sign-off: the FAIL cell's test in the report");
    }

    private static void report(Path report, Path shots, List<TestCase> claims, TestCase violated,
                               Map<String, List<String>> environment) {
        if (!problems.isEmpty()) {
            System.err.println("browser check FAILED for " + report + ":");
            problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        System.out.println("browser check passed: " + claims.size() + " claim tests rendered, sign-off page checked, "
                + (violated == null ? "no violated claim in this run" : "violated claim \"" + violated.name
                + "\" shows its evidence under \"claim violated\"") + ", " + environment.size()
                + " environment entries; screenshots in " + shots);
    }

    private static void expect(String text, String needle, String where) {
        if (!text.toLowerCase().contains(needle.toLowerCase())) {
            problems.add(where + ": \"" + needle + "\" is not rendered");
        }
    }

    private static void fail(String why) {
        System.err.println("browser check FAILED: " + why);
        System.exit(1);
    }

    record TestCase(String uid, String name, String status, String message, List<String> stories) {
    }

    /** data/test-cases/*.json of an Allure 2 report: uid, name, status and status message. */
    private static List<TestCase> testCases(Path report) throws IOException {
        List<TestCase> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(report.resolve("data/test-cases"))) {
            for (Path f : files.sorted().toList()) {
                String json = Files.readString(f);
                List<String> stories = new ArrayList<>();
                Matcher story = Pattern.compile("\\{\"name\"\\s*:\\s*\"story\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
                while (story.find()) {
                    stories.add(story.group(1));
                }
                out.add(new TestCase(field(json, "uid"), field(json, "name"), field(json, "status"),
                        field(json, "statusMessage"), stories));
            }
        }
        return out;
    }

    /** widgets/environment.json: [{"name":…,"values":[…]}]. */
    private static Map<String, List<String>> environment(Path report) throws IOException {
        Map<String, List<String>> env = new java.util.LinkedHashMap<>();
        String json = Files.readString(report.resolve("widgets/environment.json"));
        Matcher entry = Pattern.compile("\\{[^{}]*}").matcher(json);
        while (entry.find()) {
            String name = field(entry.group(), "name");
            Matcher list = Pattern.compile("\"values\"\\s*:\\s*\\[(.*?)]").matcher(entry.group());
            List<String> values = new ArrayList<>();
            Matcher v = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(list.find() ? list.group(1) : "");
            while (v.find()) {
                values.add(unescape(v.group(1)));
            }
            env.put(name, values);
        }
        if (env.isEmpty()) {
            problems.add("widgets/environment.json has no entries: environment.properties did not reach the results");
        }
        return env;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(json);
        return m.find() ? unescape(m.group(1)) : "";
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    private static Optional<String> chromium() {
        String set = System.getenv("CHROMIUM");
        if (set != null && !set.isBlank()) {
            return Optional.of(set);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static HttpServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Map<String, String> types = Map.of("html", "text/html; charset=utf-8", "js", "application/javascript",
                "css", "text/css", "json", "application/json", "svg", "image/svg+xml", "png", "image/png",
                "ico", "image/x-icon", "txt", "text/plain; charset=utf-8", "csv", "text/csv; charset=utf-8",
                "woff", "font/woff");
        server.createContext("/", exchange -> {
            String path = URI.create(exchange.getRequestURI().toString()).getPath();
            Path file = root.resolve(path.substring(1)).normalize();
            byte[] body;
            int code = 200;
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                String ext = name.substring(name.lastIndexOf('.') + 1);
                exchange.getResponseHeaders().set("Content-Type", types.getOrDefault(ext, "application/octet-stream"));
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

    /** A minimal Chrome DevTools Protocol client on one page target (java.net.http.WebSocket). */
    static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Cdp connect(Path profile, Process browser) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            Instant deadline = Instant.now().plus(RENDER_TIMEOUT);
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!browser.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Chromium did not open its DevTools port (exit "
                            + (browser.isAlive() ? "none" : browser.exitValue()) + "): "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                browser.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
            }
            String port = Files.readAllLines(portFile).get(0).strip();
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher ws = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(targets);
            if (!ws.find()) {
                ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(targets);
                if (!ws.find()) {
                    throw new IllegalStateException("no page target in " + targets);
                }
            }
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(ws.group(1)), cdp).get(10, TimeUnit.SECONDS);
            return cdp;
        }

        String call(String method, String params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> reply = new CompletableFuture<>();
            pending.put(id, reply);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
            String r = reply.get(RENDER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.contains("\"error\":{")) {
                throw new IllegalStateException(method + " failed: " + r);
            }
            return r;
        }

        /** Runs JavaScript in the page and returns its string result. */
        String eval(String js) throws Exception {
            String r = call("Runtime.evaluate", "{\"expression\":" + quote(js) + ",\"returnByValue\":true}");
            Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(r);
            return m.find() ? unescape(m.group(1)) : "";
        }

        void open(String url, int width, int height) throws Exception {
            call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                    + ",\"deviceScaleFactor\":1,\"mobile\":false}");
            call("Page.navigate", "{\"url\":" + quote(url) + "}");
        }

        /** Polls the rendered text until every needle is there (Allure renders from JSON after load). */
        String waitForText(List<String> needles) throws Exception {
            Instant deadline = Instant.now().plus(RENDER_TIMEOUT);
            String text = "";
            while (Instant.now().isBefore(deadline)) {
                text = eval("document.body ? document.body.innerText : ''");
                String t = text;
                if (needles.stream().allMatch(n -> t.toLowerCase().contains(n.toLowerCase()))) {
                    settle();
                    return eval("document.body.innerText");
                }
                settle();
            }
            problems.add("page did not render " + needles + " within " + RENDER_TIMEOUT.toSeconds() + " s");
            return text;
        }

        /**
         * Clicks every element matching selector whose holder (the element itself, or its parent) lacks the
         * expanded class, until none is left (expanding reveals nested ones), then returns the page text.
         * Tree leaves (no children) are never clicked: that would navigate away.
         */
        String expandAll(String selector, String expandedClass, boolean onParent) throws Exception {
            for (int round = 0; round < 20; round++) {
                String clicked = eval("(() => { let n = 0; document.querySelectorAll(" + quote(selector) + ").forEach(e => {"
                        + " const h = " + (onParent ? "e.parentElement" : "e") + ";"
                        + " if (h.classList.contains('node') && !h.querySelector(':scope > .node__children')) return;"
                        + " if (!h.classList.contains(" + quote(expandedClass) + ")) { e.click(); n++; } });"
                        + " return String(n); })()");
                settle();
                if (clicked.equals("0")) {
                    break;
                }
            }
            return eval("document.body.innerText");
        }

        /** Opens the first step whose title ends in ": FAIL", with all its sub-steps and attachments. */
        void openFailingStep() throws Exception {
            // Allure keeps what was opened before: close it, deepest first, keeping the "Test body" stage open
            eval("(() => { document.querySelectorAll('.attachment-row_selected').forEach(e => e.click());"
                    + " [...document.querySelectorAll('.step_expanded > .step__title:not(.step__title_stage)')].reverse()"
                    + ".forEach(e => e.click()); return ''; })()");
            settle();
            eval("(() => { const t = [...document.querySelectorAll('.step__title')].find(x => /: FAIL\\s*$/.test(x.innerText.split('\\n')[0].trim()) || x.innerText.includes(': FAIL'));"
                    + " if (!t) return ''; if (!t.parentElement.classList.contains('step_expanded')) t.click(); return ''; })()");
            settle();
            for (int round = 0; round < 5; round++) {
                eval("(() => { const t = [...document.querySelectorAll('.step_expanded > .step__title')].find(x => x.innerText.includes(': FAIL'));"
                        + " if (!t) return ''; const s = t.parentElement;"
                        + " s.querySelectorAll('.step__title_hasContent').forEach(e => { if (!e.parentElement.classList.contains('step_expanded')) e.click(); });"
                        + " s.querySelectorAll('.attachment-row').forEach(e => { if (!e.classList.contains('attachment-row_selected')) e.click(); });"
                        + " return ''; })()");
                settle();
            }
        }

        void screenshot(Path file) throws Exception {
            String r = call("Page.captureScreenshot", "{\"format\":\"png\"}");
            Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(r);
            if (!m.find()) {
                throw new IllegalStateException("no screenshot data: " + r.substring(0, Math.min(200, r.length())));
            }
            Files.write(file, Base64.getDecoder().decode(m.group(1)));
        }

        /** Lets the page's scripts and fetches run (no sleep loop: one bounded wait on a never-completed future). */
        private static void settle() {
            new CompletableFuture<Void>().completeOnTimeout(null, 300, TimeUnit.MILLISECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(msg);
                if (id.find()) {
                    Optional.ofNullable(pending.remove(Integer.parseInt(id.group(1)))).ifPresent(f -> f.complete(msg));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
