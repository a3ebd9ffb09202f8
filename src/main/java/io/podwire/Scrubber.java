package io.podwire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes credentials from everything podwire writes (attachments, step names, failure messages, verdicts, logs):
 * kubeconfig keys, bearer tokens, service-account JWTs, PEM blocks, k3s join tokens, secret-looking flags (also split
 * across JSON array elements, as crictl prints argv), environment variables (also crictl's {"key","value"} pairs),
 * URL user-info passwords, and key shapes (AWS, GitHub, Slack, Google, GitLab, Stripe). The second line of defence:
 * the snapshot should not collect secrets at all. The rest stays verbatim: it is evidence.
 *
 * <p>Linear in its input, because node text is written by pod authors: the PEM rule is a forward scan, and every
 * pattern part that can fail is possessive and length-bounded, so a failed attempt costs a constant; a part that
 * consumes without bound (a secret's value) ends its pattern, so it cannot fail and is consumed once.
 *
 * <p>Fast on large records (a merge scrubs megabytes): each rule names the literals its matches hold and how far into
 * a match they may be ({@link Prefilter}); the literals are found by String.indexOf, and the regex is tried only at
 * the few places a match can start there, with the result Matcher.replaceAll gives (ScrubberTest holds them equal).
 */
public final class Scrubber {
    public static final String REDACTED = "[REDACTED]";

    /** The most a PEM block may span from BEGIN to END; a longer one is treated as having no END. */
    static final int PEM_BOUND = 65_536;

    // a flag's separator: `=`, blanks, NUL (proc cmdline), or the next element of a JSON array (`"--password", "pw"`)
    private static final String FLAG_SEPARATOR = "([=\\s\\x00]{1,32}+|\\\\?+\",\\s{0,64}+\\\\?+\")";
    // a flag's value: ends at a blank, NUL or an unescaped quote (the end of its JSON string)
    private static final String FLAG_VALUE = "(?!--)((?:\\\\[^\\s\\x00\"]|[^\\s\\x00\"\\\\])++)";

    // a flag or variable name that holds a secret (`--db-password`, `K3S_TOKEN`, `AZURE_STORAGE_CONNECTION_STRING`)
    private static final Pattern SECRET_FLAG = Pattern.compile("(?i)token|password|secret|private-key");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)token|password|passwd|secret|api_?key|private_?key"
            + "|access_?key|account_?key|credential|connection_?string");

    // a rule's prefilter: where a match can start (the pattern's literals and the characters before them)
    private static final String KEY_CHARS = "\"-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String UPPER_DIGIT_UNDERSCORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    private static final String SCHEME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-";

    private static final List<UnaryOperator<String>> RULES = List.of(
            // kubeconfig and k8s secret keys, in YAML (`key: value`) and JSON (`"key": "value"`) form
            new Rule(Pattern.compile("(?i)(\"?+(?:client-key-data|client-certificate-data|certificate-authority-data"
                    + "|client-key|token|id-token|refresh-token|access-token|auth-provider-token|password|passwd"
                    + "|secret|bearer-token|tokenFile|token-file|accountkey|sharedaccesskey)\"?+\\s{0,16}+[:=]\\s{0,16}+\"?+)([^\\s\"',}\\x00]++)"),
                    m -> m.group(1) + REDACTED,
                    new Prefilter(true, List.of("key", "certificate", "token", "passw", "secret"), KEY_CHARS, 16)),
            // crictl's environment pairs and a pod spec's env (also as escaped JSON in last-applied-configuration)
            new Rule(Pattern.compile("(\\\\?+\"(?:key|name)\\\\?+\"\\s{0,16}+:\\s{0,16}+\\\\?+\")([A-Za-z0-9_.-]{1,256}+)"
                    + "(\\\\?+\"\\s{0,16}+,\\s{0,64}+\\\\?+\"value\\\\?+\"\\s{0,16}+:\\s{0,16}+\\\\?+\")([^\"\\\\]++)"),
                    m -> secretName(m.group(2)) ? m.group(1) + m.group(2) + m.group(3) + REDACTED : m.group(),
                    new Prefilter(false, List.of("\"key", "\"name"), "\\", 1)),
            new Rule(Pattern.compile("(?i)(\\bbearer[ \\t]{1,16}+)[A-Za-z0-9\\-._~+/]++=*+"), m -> m.group(1) + REDACTED,
                    new Prefilter(true, List.of("bearer"), "", 0)),
            // a JWT: the whole dotted run is taken at once (it cannot fail part-way), then judged by its dots
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_.-]{10,}+"),
                    m -> m.group().chars().filter(c -> c == '.').count() >= 2 ? REDACTED : m.group(),
                    new Prefilter(false, List.of("eyJ"), "", 0)),
            // base64 of "-----BEGIN": certificate or key data outside a recognised key
            new Rule(Pattern.compile("LS0tLS1CRUdJTi[A-Za-z0-9+/=]*+"), m -> REDACTED,
                    new Prefilter(false, List.of("LS0tLS1CRUdJTi"), "", 0)),
            // k3s join token: K10<sha256 of the CA>::<user>:<password>
            new Rule(Pattern.compile("\\bK10[0-9a-f]{16,128}+::[^\\s\\x00\"']++"), m -> REDACTED,
                    new Prefilter(false, List.of("K10"), "", 0)),
            // command-line flags (`--token x`, `--token=x`, NUL-separated in /proc/<pid>/cmdline, JSON array elements)
            new Rule(Pattern.compile("(?i)(?<![\\w-])(--[a-z0-9][a-z0-9-]{0,63}+)" + FLAG_SEPARATOR + FLAG_VALUE),
                    m -> SECRET_FLAG.matcher(m.group(1)).find() ? m.group(1) + m.group(2) + REDACTED : m.group(),
                    new Prefilter(false, List.of("--"), "", 0)),
            // environment variables (`K3S_TOKEN=…`, `DB_PASSWORD=…`), e.g. in crictl inspect's runtimeSpec
            new Rule(Pattern.compile("\\b([A-Z0-9_]{1,128}+)=([^\\s\"\\x00,]++)"),
                    m -> secretName(m.group(1)) ? m.group(1) + "=" + REDACTED : m.group(),
                    new Prefilter(false, List.of("="), UPPER_DIGIT_UNDERSCORE, 128)),
            // URL user-info (`postgres://admin:pw@db`, `mysql://root:pw@host`): the user stays, the password goes
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,31}+://[^\\s:/@\\x00\"']{0,256}+:)([^\\s@/\\x00\"']{1,256}+)@"),
                    m -> m.group(1) + REDACTED + "@", new Prefilter(false, List.of("://"), SCHEME_CHARS, 32)),
            // password arguments without "password" in the flag: redis --requirepass/--masterauth, curl -u user:pass
            new Rule(Pattern.compile("(?i)(--(?:requirepass|masterauth|auth|pass|passwd|pw|api-key|apikey|access-key"
                    + "|secret-key)(?![\\w-])|(?<![\\w-])-(?:u|-user|-proxy-user)[\\s\\x00]{1,32}+[^\\s\\x00:]{1,256}+:)"
                    + FLAG_SEPARATOR.replace("{1,32}+", "{0,32}+") + FLAG_VALUE), m -> m.group(1) + m.group(2) + REDACTED,
                    new Prefilter(false, List.of("--", "-u", "-U"), "", 0)),
            // mysql's glued password flag: -pSECRET (only after a mysql-family command, -p alone means "prompt")
            Scrubber::mysqlPasswords,
            // key shapes that are secret wherever they appear: AWS access key ids, GitHub, Slack, Google, GitLab
            new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), m -> REDACTED,
                    new Prefilter(false, List.of("AKIA", "ASIA"), "", 0)),
            new Rule(Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}+|github_pat_[A-Za-z0-9_]{30,}+|glpat-[A-Za-z0-9_-]{20,}+"
                    + "|xox[abposr]-[A-Za-z0-9-]{10,}+|AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{20,}+)"), m -> REDACTED,
                    new Prefilter(false, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox",
                            "AIza", "sk_live_"), "", 0)),
            // an AWS secret access key after its usual names (aws_secret_access_key, SecretAccessKey, secret_key)
            new Rule(Pattern.compile("(?i)(\\b(?:aws_secret_access_key|secretaccesskey|secret_key|secret-key)\"?+\\s{0,16}+[:=]"
                    + "\\s{0,16}+\"?+)([A-Za-z0-9/+=]{20,}+)"), m -> m.group(1) + REDACTED,
                    new Prefilter(true, List.of("aws_secret_access_key", "secretaccesskey", "secret_key", "secret-key"), "", 0)));

    private static final Set<String> TEXT_EXTENSIONS = Set.of("json", "txt", "csv", "tsv", "html", "htm", "xml",
            "properties", "md", "log", "sh", "yaml", "yml", "uri");

    private Scrubber() {
    }

    /** The text with every credential replaced by [REDACTED]; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = pem(text);
        for (UnaryOperator<String> rule : RULES) {
            out = rule.apply(out);
        }
        return out;
    }

    public static boolean containsSecret(String text) {
        return text != null && !scrub(text).equals(text);
    }

    /**
     * Rewrites every text file under dir that still holds a credential: the safety net for attachments that did
     * not go through ClaimReport (e.g. a test's own Allure.addAttachment or an exception message).
     */
    public static int sweep(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            int changed = 0;
            for (Path f : files.filter(Files::isRegularFile).filter(Scrubber::isText).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                String clean = scrub(text);
                if (!clean.equals(text)) {
                    Files.writeString(f, clean, StandardCharsets.UTF_8);
                    changed++;
                }
            }
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException("could not scrub " + dir, e);
        }
    }

    private static boolean isText(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && TEXT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase());
    }

    static boolean secretName(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    /**
     * PEM blocks keep only their framing. A forward scan: a BEGIN whose own END follows within PEM_BOUND (and before
     * the next BEGIN) loses its body; one without loses only the key material right after it (base64, blanks, escaped
     * newlines), so an unterminated header can't swallow the rest of the text.
     */
    static String pem(String text) {
        String begin = "-----BEGIN ";
        int at = text.indexOf(begin);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int nextEnd = -1;
        while (at >= 0) {
            int labelStart = at + begin.length();
            int labelEnd = labelStart;
            while (labelEnd < text.length() && labelEnd - labelStart < 64 && isLabelChar(text.charAt(labelEnd))) {
                labelEnd++;
            }
            if (labelEnd == labelStart || !text.startsWith("-----", labelEnd)) {
                at = text.indexOf(begin, labelStart);
                continue;
            }
            String label = text.substring(labelStart, labelEnd);
            int body = labelEnd + 5;
            int nextBegin = text.indexOf(begin, body);
            if (nextEnd < body) {
                // moves forward only: each character is searched for an END at most once (none left: the length)
                int found = text.indexOf("-----END ", body);
                nextEnd = found < 0 ? text.length() : found;
            }
            String end = "-----END " + label + "-----";
            int stop;
            if (nextEnd < text.length() && nextEnd - at <= PEM_BOUND && (nextBegin < 0 || nextEnd < nextBegin)
                    && text.startsWith(end, nextEnd)) {
                stop = nextEnd + end.length();
                out.append(text, copied, at).append(begin).append(label).append("----- ").append(REDACTED).append(' ')
                        .append(end);
            } else {
                stop = body;
                while (stop < text.length() && stop - at < PEM_BOUND && isKeyMaterial(text, stop)) {
                    stop += text.charAt(stop) == '\\' ? 2 : 1;
                }
                out.append(text, copied, at).append(begin).append(label).append("----- ").append(REDACTED);
            }
            copied = stop;
            at = nextBegin >= stop ? nextBegin : text.indexOf(begin, stop);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isLabelChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ';
    }

    private static boolean isKeyMaterial(String text, int i) {
        char c = text.charAt(i);
        if (c == '\\') {
            return i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r');
        }
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
    }

    private static final Pattern MYSQL = Pattern.compile("\\b(?:mysql|mysqldump|mysqladmin|mariadb)\\b");
    private static final Pattern GLUED_P = Pattern.compile("(?<=[\\s\\x00])-p([^\\s\\x00]++)");

    /** -pSECRET within 256 characters after a mysql-family word on the same line; both scans move forward only. */
    private static String mysqlPasswords(String text) {
        if (!text.contains("mysql") && !text.contains("mariadb")) {
            return text;  // no mysql-family word: no -p can be one's, and neither scan runs
        }
        Matcher command = MYSQL.matcher(text);
        Matcher flag = GLUED_P.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int commandEnd = -1;
        boolean more = command.find();
        while (flag.find()) {
            while (more && command.end() <= flag.start()) {
                commandEnd = command.end();
                more = command.find();
            }
            if (commandEnd >= 0 && flag.start() - commandEnd <= 256
                    && text.substring(commandEnd, flag.start()).indexOf('\n') < 0) {
                out.append(text, copied, flag.start(1)).append(REDACTED);
                copied = flag.end();
            }
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Where a rule's match can start: every match holds one of the LITERALS (searched in the ASCII-lowercased text
     * in either case when CASELESS, the literals written in lower case) at most MAX_OFFSET characters after its start, and every character before that literal is one of
     * BEFORE. So a match starts only in the run of BEFORE characters just ahead of a literal: the regex is tried only
     * there, and the text between is searched by String.indexOf alone.
     */
    record Prefilter(boolean caseless, List<String> literals, String before, int maxOffset) {
    }

    /**
     * A pattern and its replacement, applied as Matcher.replaceAll would (leftmost match first, non-overlapping, the
     * replacement taken literally) but tried only where its Prefilter says a match can start: the same result.
     */
    record Rule(Pattern pattern, Function<MatchResult, String> replacement, Prefilter prefilter)
            implements UnaryOperator<String> {
        @Override
        public String apply(String text) {
            int[] at = literalPositions(text);
            if (at.length == 0) {
                return text;
            }
            // transparent bounds: \b and look-behinds see the text before the attempted start, as in find()
            Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            StringBuilder out = null;
            int copied = 0;
            for (int t : at) {
                if (t < copied) {
                    continue;
                }
                int from = t;
                while (from > copied && t - from < prefilter.maxOffset()
                        && prefilter.before().indexOf(text.charAt(from - 1)) >= 0) {
                    from--;
                }
                for (int start = from; start <= t; start++) {
                    m.region(start, text.length());
                    if (m.lookingAt()) {
                        out = out == null ? new StringBuilder(text.length()) : out;
                        out.append(text, copied, start).append(replacement.apply(m));
                        copied = m.end();
                        break;
                    }
                }
            }
            return out == null ? text : out.append(text, copied, text.length()).toString();
        }

        /**
         * Every start of a literal in the text, ascending, each once. CASELESS: each place of the literal's rarest
         * letter in either case, kept when String.regionMatches ignoring case says the literal is there (which also
         * takes a few non-ASCII look-alikes: more places tried, never fewer).
         */
        private int[] literalPositions(String text) {
            int[] found = new int[16];
            int n = 0;
            for (String literal : prefilter.literals()) {
                int j = prefilter.caseless() ? rarest(literal) : 0;
                char c = literal.charAt(j);
                char[] cs = prefilter.caseless() && Character.toUpperCase(c) != c
                        ? new char[] {c, Character.toUpperCase(c)} : new char[] {c};
                for (char x : cs) {
                    for (int i = text.indexOf(x, j); i >= 0; i = text.indexOf(x, i + 1)) {
                        int start = i - j;
                        if (prefilter.caseless() ? text.regionMatches(true, start, literal, 0, literal.length())
                                : text.startsWith(literal, start)) {
                            if (n == found.length) {
                                found = java.util.Arrays.copyOf(found, n * 2);
                            }
                            found[n++] = start;
                        }
                    }
                }
            }
            return java.util.Arrays.stream(found, 0, n).sorted().distinct().toArray();
        }

        /** The same result by Matcher.replaceAll over the whole text: the reference the prefilter must equal. */
        String applyWithoutPrefilter(String text) {
            return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
        }
    }

    // characters by how often node text has them, most often first; any other is rarer than all of these
    private static final String COMMON = " \"-=:,.etaoinsrhldcumfpgwybvkxjqz";

    /** The index of LITERAL's character that node text has least often: the one to search for. */
    static int rarest(String literal) {
        int best = 0;
        for (int i = 1; i < literal.length(); i++) {
            if (rank(literal.charAt(i)) > rank(literal.charAt(best))) {
                best = i;
            }
        }
        return best;
    }

    private static int rank(char c) {
        int r = COMMON.indexOf(Character.toLowerCase(c));
        return r < 0 ? COMMON.length() : r;
    }

    /** The rules applied with no prefilter (each a full Matcher.replaceAll): what scrub() must equal, for the tests. */
    static String scrubWithoutPrefilter(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = pem(text);
        for (UnaryOperator<String> rule : RULES) {
            out = rule instanceof Rule r ? r.applyWithoutPrefilter(out) : rule.apply(out);
        }
        return out;
    }
}
