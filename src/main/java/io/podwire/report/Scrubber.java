package io.podwire.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes credentials from everything podwire writes (attachments, step names, failure messages, verdicts, logs):
 * kubeconfig keys, bearer tokens, service-account JWTs, PEM blocks, k3s join tokens, secret-looking flags and
 * environment variables, URL user-info passwords, and key shapes (AWS, GitHub, Slack, Google, GitLab, Stripe). The
 * second line of defence: the snapshot should not collect secrets at all. The rest stays verbatim: it is evidence.
 */
public final class Scrubber {
    public static final String REDACTED = "[REDACTED]";

    private static final List<Rule> RULES = List.of(
            // PEM first: a kubeconfig can embed whole certificates and keys
            new Rule(Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----.*?(?:-----END \\1-----|\\z)", Pattern.DOTALL),
                    m -> "-----BEGIN " + m.group(1) + "----- " + REDACTED + " -----END " + m.group(1) + "-----"),
            // kubeconfig and k8s secret keys, in YAML (`key: value`) and JSON (`"key": "value"`) form
            new Rule(Pattern.compile("(?i)(\"?(?:client-key-data|client-certificate-data|certificate-authority-data"
                    + "|client-key|token|id-token|refresh-token|access-token|auth-provider-token|password|passwd"
                    + "|secret|bearer-token|tokenFile|token-file)\"?\\s*[:=]\\s*\"?)([^\\s\"',}\\x00]+)"),
                    m -> m.group(1) + REDACTED),
            new Rule(Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9\\-._~+/]+=*"), m -> m.group(1) + REDACTED),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), m -> REDACTED),
            // base64 of "-----BEGIN": certificate or key data outside a recognised key
            new Rule(Pattern.compile("LS0tLS1CRUdJTi[A-Za-z0-9+/=]*"), m -> REDACTED),
            // k3s join token: K10<sha256 of the CA>::<user>:<password>
            new Rule(Pattern.compile("\\bK10[0-9a-f]{16,}::[^\\s\\x00\"']+"), m -> REDACTED),
            // command-line flags (`--token x`, `--token=x`, NUL-separated in /proc/<pid>/cmdline)
            new Rule(Pattern.compile("(?i)(--[a-z0-9-]*(?:token|password|secret|private-key)[a-z0-9-]*)([=\\s\\x00]+)"
                    + "(?!--)([^\\s\\x00]+)"), m -> m.group(1) + m.group(2) + REDACTED),
            // environment variables (`K3S_TOKEN=…`, `DB_PASSWORD=…`), e.g. in crictl inspect's runtimeSpec
            new Rule(Pattern.compile("\\b([A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|PRIVATE_KEY|ACCESS_KEY)"
                    + "[A-Z0-9_]*=)([^\\s\"\\x00,]+)"), m -> m.group(1) + REDACTED),
            // URL user-info (`postgres://admin:pw@db`, `mysql://root:pw@host`): the user stays, the password goes
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/@\\x00\"']*:)([^\\s@/\\x00\"']+)@"),
                    m -> m.group(1) + REDACTED + "@"),
            // password arguments without "password" in the flag: redis --requirepass/--masterauth, curl -u user:pass
            new Rule(Pattern.compile("(?i)(--(?:requirepass|masterauth|auth|pass|passwd|pw|api-key|apikey|access-key"
                    + "|secret-key)(?![\\w-])|(?<![\\w-])-(?:u|-user|-proxy-user)[\\s\\x00]+[^\\s\\x00:]+:)([=\\s\\x00]*)"
                    + "(?!--)([^\\s\\x00]+)"), m -> m.group(1) + m.group(2) + REDACTED),
            // mysql's glued password flag: -pSECRET (only after a mysql-family command, -p alone means "prompt")
            new Rule(Pattern.compile("\\b((?:mysql|mysqldump|mysqladmin|mariadb)[^\\n]*?[\\s\\x00]-p)([^\\s\\x00]+)"),
                    m -> m.group(1) + REDACTED),
            // key shapes that are secret wherever they appear: AWS access key ids, GitHub, Slack, Google, GitLab
            new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), m -> REDACTED),
            new Rule(Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}"
                    + "|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{20,})"), m -> REDACTED),
            // an AWS secret access key after its usual names (aws_secret_access_key, SecretAccessKey, secret_key)
            new Rule(Pattern.compile("(?i)(\\b(?:aws_secret_access_key|secretaccesskey|secret_key|secret-key)\"?\\s*[:=]\\s*\"?)"
                    + "([A-Za-z0-9/+=]{20,})"), m -> m.group(1) + REDACTED));

    private static final Set<String> TEXT_EXTENSIONS = Set.of("json", "txt", "csv", "tsv", "html", "htm", "xml",
            "properties", "md", "log", "sh", "yaml", "yml", "uri");

    private Scrubber() {
    }

    /** The text with every credential replaced by [REDACTED]; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
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

    private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {
        String apply(String text) {
            return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
        }
    }
}
