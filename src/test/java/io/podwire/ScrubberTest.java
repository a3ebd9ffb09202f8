package io.podwire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrubberTest {
    // the values below are made up; their shapes are the real ones
    private static final String KEY_B64 = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUR4";
    private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJl";

    private static final String KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIy
                server: https://127.0.0.1:6443
              name: default
            users:
            - name: default
              user:
                client-certificate-data: MIIBkTCCATegAwIBAgIIZm9vYmFyMAoGCCqGSM49BAMCMCMx
                client-key-data: %s
                token: %s
            """.formatted(KEY_B64, JWT);

    @Test
    void kubeconfigCredentialsAreRedactedAndTheServerStays() {
        String out = Scrubber.scrub(KUBECONFIG);

        assertFalse(out.contains(KEY_B64), out);
        assertFalse(out.contains(JWT), out);
        assertFalse(out.contains("MIIBkTCCATegAwIBAgIIZm9vYmFy"), out);
        assertFalse(out.contains("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"), out);
        assertTrue(out.contains("client-key-data: [REDACTED]"), out);
        assertTrue(out.contains("server: https://127.0.0.1:6443"), out);
    }

    @Test
    void pemBlocksKeepOnlyTheirFraming() {
        String pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
                + "-----END RSA PRIVATE KEY-----\nafter";

        assertEquals("key:\n-----BEGIN RSA PRIVATE KEY----- [REDACTED] -----END RSA PRIVATE KEY-----\nafter",
                Scrubber.scrub(pem));
    }

    @Test
    void bearerTokensAndServiceAccountJwtsAreRedacted() {
        String out = Scrubber.scrub("Authorization: Bearer abc.def-123 and " + JWT + " in a log");

        assertEquals("Authorization: Bearer [REDACTED] and [REDACTED] in a log", out);
    }

    @Test
    void secretFlagsInProcCmdlineAreRedactedWithTheirNulSeparators() {
        String cmdline = "==> /proc/42/cmdline <==\n/bin/k3s\0server\0--token\0K10abcdef0123456789abcdef::server:s3cr3t"
                + "\0--agent-token=hunter2\0--disable=traefik\0";

        String out = Scrubber.scrub(cmdline);

        assertEquals("==> /proc/42/cmdline <==\n/bin/k3s\0server\0--token\0[REDACTED]\0--agent-token=[REDACTED]"
                + "\0--disable=traefik\0", out);
    }

    @Test
    void secretEnvironmentVariablesAreRedactedInJson() {
        String env = "\"env\": [\"PATH=/usr/bin\", \"K3S_TOKEN=abc123\", \"DB_PASSWORD=pw\"]";

        assertEquals("\"env\": [\"PATH=/usr/bin\", \"K3S_TOKEN=[REDACTED]\", \"DB_PASSWORD=[REDACTED]\"]",
                Scrubber.scrub(env));
    }

    @Test
    void snapshotEvidenceWithoutSecretsIsLeftVerbatim() {
        String evidence = """
                7: cali1b2c3d4e5f6@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP
                    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns cni-8b1a4c2e-0f3d-4e7a
                NIC statistics:
                     peer_ifindex: 3
                {"ifindex":3,"ifname":"eth0","link_index":7,"addr_info":[{"local":"10.42.0.7","prefixlen":32}]}
                """;

        assertEquals(evidence, Scrubber.scrub(evidence));
        assertFalse(Scrubber.containsSecret(evidence), () -> "secret-free evidence flagged: " + evidence);
    }

    @Test
    void sweepRewritesOnlyTextFilesThatHoldSecrets(@TempDir Path dir) throws IOException {
        Path leaky = Files.writeString(dir.resolve("abc-attachment.txt"), "token: " + JWT);
        Path clean = Files.writeString(dir.resolve("def-attachment.txt"), "peer_ifindex: 3");
        Path image = Files.write(dir.resolve("shot.png"), ("token: " + JWT).getBytes());

        int changed = Scrubber.sweep(dir);

        assertEquals(1, changed);
        assertEquals("token: [REDACTED]", Files.readString(leaky));
        assertEquals("peer_ifindex: 3", Files.readString(clean));
        assertEquals("token: " + JWT, Files.readString(image));
    }

    // made-up values in the shapes real workloads put on their command lines and in their environment
    private static final String PG_PASSWORD = "S3cr3t-pg-Pass";
    private static final String REDIS_PASSWORD = "r3dis-requirepass-value";
    private static final String CURL_PASSWORD = "curlPa55word";
    private static final String MYSQL_URL_PASSWORD = "MyRootPw99";
    private static final String MYSQL_FLAG_PASSWORD = "gluedMysqlPw";
    private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String GITHUB_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final String BEARER = "sk-proj-9f8e7d6c5b4a3f2e1d0c";
    private static final String SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";

    private static final String CMDLINES = String.join("\n",
            "1 k3s\0server\0--datastore-endpoint=postgres://admin:" + PG_PASSWORD + "@db:5432/k3s\0",
            "2 redis-server\0*:6379\0--requirepass\0" + REDIS_PASSWORD + "\0",
            "3 curl\0-u\0backup:" + CURL_PASSWORD + "\0https://backup.example/upload\0",
            "4 app\0--db=mysql://root:" + MYSQL_URL_PASSWORD + "@mysql.default:3306/app\0",
            "5 mysql\0-h\0db\0-uroot\0-p" + MYSQL_FLAG_PASSWORD + "\0",
            "6 sh\0-c\0AWS_ACCESS_KEY_ID=" + AWS_KEY_ID + " AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + " aws s3 ls\0",
            "7 git\0clone\0https://" + GITHUB_TOKEN + "@github.com/acme/private.git\0",
            "8 agent\0--header\0Authorization: Bearer " + BEARER + "\0",
            "9 notifier\0--slack\0" + SLACK + "\0",
            "10 worker\0--config\0/etc/worker.yaml\0");

    @Test
    void realisticSecretBearingCommandLinesLoseEverySecretAndKeepTheRest() {
        String out = Scrubber.scrub(CMDLINES);

        for (String secret : new String[] {PG_PASSWORD, REDIS_PASSWORD, CURL_PASSWORD, MYSQL_URL_PASSWORD,
                MYSQL_FLAG_PASSWORD, AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, BEARER, SLACK}) {
            assertFalse(out.contains(secret), () -> "still holds " + secret + ":\n" + out);
        }
        // what is not a secret stays, because it is evidence
        assertTrue(out.contains("postgres://admin:[REDACTED]@db:5432/k3s"), out);
        assertTrue(out.contains("redis-server\0*:6379\0--requirepass\0[REDACTED]"), out);
        assertTrue(out.contains("-u\0backup:[REDACTED]\0https://backup.example/upload"), out);
        assertTrue(out.contains("10 worker\0--config\0/etc/worker.yaml"), out);
    }

    @Test
    void flagsThatOnlyStartLikeAPasswordFlagAreLeftAlone() {
        String apiServer = "kube-apiserver --authorization-mode=Node,RBAC --passive-probe=true --user-agent x";

        assertEquals(apiServer, Scrubber.scrub(apiServer));
    }

    @Test
    void crictlEnvironmentPairsLoseTheValuesOfSecretNamesOnly() {
        // containerd's `crictl inspect` prints config.envs one pair per object, pretty or compact
        String envs = """
                "envs": [
                  {
                    "key": "DB_PASSWORD",
                    "value": "EnvKvPw-88"
                  },
                  {"key":"AWS_SECRET_ACCESS_KEY","value":"wJalrXUtnFEMI/K7MDENG"},
                  {"key":"AZURE_STORAGE_CONNECTION_STRING","value":"DefaultEndpointsProtocol=https;AccountKey=AzKey=="},
                  {"key":"PATH","value":"/usr/local/bin:/usr/bin"}
                ]""";

        String out = Scrubber.scrub(envs);

        for (String secret : new String[] {"EnvKvPw-88", "wJalrXUtnFEMI", "AzKey"}) {
            assertFalse(out.contains(secret), () -> "still holds " + secret + ":\n" + out);
        }
        assertTrue(out.contains("\"key\": \"DB_PASSWORD\",\n    \"value\": \"[REDACTED]\""), out);
        assertTrue(out.contains("{\"key\":\"PATH\",\"value\":\"/usr/local/bin:/usr/bin\"}"), out);
    }

    @Test
    void podSpecEnvInsideLastAppliedConfigurationIsRedacted() {
        // the annotation is JSON inside a JSON string: its quotes are escaped
        String annotation = "\"kubectl.kubernetes.io/last-applied-configuration\": \"{\\\"env\\\":[{\\\"name\\\":"
                + "\\\"DB_PASSWORD\\\",\\\"value\\\":\\\"Pr0d-Db-Pw!\\\"},{\\\"name\\\":\\\"MODE\\\",\\\"value\\\":\\\"fast\\\"}],"
                + "\\\"args\\\":[\\\"--password\\\",\\\"ArgPw-99\\\"]}\"";

        String out = Scrubber.scrub(annotation);

        assertFalse(out.contains("Pr0d-Db-Pw!"), out);
        assertFalse(out.contains("ArgPw-99"), out);
        assertTrue(out.contains("\\\"value\\\":\\\"fast\\\""), out);
    }

    @Test
    void flagsSplitAcrossJsonArrayElementsLoseTheirValue() {
        // crictl inspect prints argv as a JSON array: the flag and its value are two elements
        String args = """
                "args": [
                  "/app",
                  "--password",
                  "ArgvPw-77",
                  "--token", "tok-123",
                  "--listen", "0.0.0.0:8080"
                ]""";

        String out = Scrubber.scrub(args);

        assertFalse(out.contains("ArgvPw-77"), out);
        assertFalse(out.contains("tok-123"), out);
        assertTrue(out.contains("\"--password\",\n  \"[REDACTED]\","), out);
        assertTrue(out.contains("\"--listen\", \"0.0.0.0:8080\""), out);
    }

    @Test
    void aPemHeaderWithoutEndKeepsTheTextAfterItsKeyMaterial() {
        String annotation = "\"note\": \"-----BEGIN X-----\\nMIIEpAIBAAKCAQEAu1SU1L\", \"after\": \"kept\"\nnext section\n";

        String out = Scrubber.scrub(annotation);

        assertEquals("\"note\": \"-----BEGIN X----- [REDACTED]\", \"after\": \"kept\"\nnext section\n", out);
    }

    @Test
    void aPemBlockIsClosedOnlyByItsOwnEnd() {
        String text = "-----BEGIN A-----\nAAAA\n-----END B-----\nmiddle\n-----BEGIN C-----\nCCCC\n-----END C-----\nend";

        assertEquals("-----BEGIN A----- [REDACTED]-----END B-----\nmiddle\n-----BEGIN C----- [REDACTED] -----END C-----\nend",
                Scrubber.scrub(text));
    }

    /**
     * Tenant text must cost linear time: each shape is scrubbed at 8 KB and at 64 KB, side by side in the same loop
     * under the same load, and the larger must cost about 8 times the smaller. The bound 24 is the geometric middle
     * of linear (8) and quadratic (64), so it holds on a slow or busy machine and fails for any super-linear rule.
     */
    @Test
    void scrubbingIsLinearInTheLengthOfHostileLines() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("repeated flags", "--token");
        shapes.put("dashes", "-");
        shapes.put("dotted words", "a.");
        shapes.put("PEM headers", "-----BEGIN X-----");
        shapes.put("JWT starts", "eyJ-");
        shapes.put("upper-case words", "A_B");
        shapes.put("URL schemes", "a+b:");
        shapes.put("mysql", "mysql -");
        shapes.put("glued -p", "-px ");
        shapes.put("env pairs", "\"key\":\"");
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            String small = repeat(shape.getValue(), 8 * 1024);
            String large = repeat(shape.getValue(), 64 * 1024);
            long bestSmall = Long.MAX_VALUE;
            long bestLarge = Long.MAX_VALUE;
            // the fastest of several interleaved rounds: what the code costs, without the machine's pauses
            for (int round = 0; round < 9; round++) {
                bestSmall = Math.min(bestSmall, nanosToScrub(small));
                bestLarge = Math.min(bestLarge, nanosToScrub(large));
            }
            double ratio = (double) bestLarge / bestSmall;
            String name = shape.getKey();
            long s = bestSmall;
            long l = bestLarge;
            assertTrue(ratio < 24, () -> name + ": 64 KB took " + l / 1000 + " µs, 8 KB " + s / 1000
                    + " µs: ratio " + ratio + ", not linear");
        }
    }

    private static long nanosToScrub(String text) {
        // this thread's CPU time, not the wall clock: time spent waiting for a core on a busy machine is not counted
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        String out = Scrubber.scrub(text);
        long took = cpu.getCurrentThreadCpuTime() - start;
        assertTrue(out.length() > 0);
        return took;
    }

    private static String repeat(String unit, int length) {
        return unit.repeat(length / unit.length() + 1).substring(0, length);
    }

    /**
     * The prefilter only skips where no match can start: over random text made of every rule's pieces (its literals
     * in both cases, separators, values, the lab's decoys), scrub() equals the rules applied by plain replaceAll.
     */
    @Test
    void thePrefilterChangesNoResult() {
        String[] pieces = {"--", "-", "-u", "-U ", "--user ", "--token", "--PassWord", "--requirepass", "--auth", "=",
                " ", "\0", "\n", "\t", "\"", "\\\"", ", ", ":", "::", "@", "://", "postgres", "MySQL", "mysql ", "-psecret",
                "\"key\"", "\"name\"", "\"value\"", "key", "KEY", "Client-Key-Data", "certificate-authority-data",
                "token", "Token", "auth-provider-token", "passwd", "Password", "secret", "SECRET_KEY", "secret-key",
                "aws_secret_access_key", "SecretAccessKey", "sharedaccesskey", "Bearer", "bearer ", "eyJ", ".", "abc",
                "K10", "0123456789abcdef", "AKIA", "ASIA", "ABCDEFGHIJKLMNOP", "ghp_", "github_pat_", "glpat-", "xoxb-",
                "AIza", "sk_live_", "LS0tLS1CRUdJTi", "-----BEGIN X-----", "-----END X-----", "DB_PASSWORD", "K3S_TOKEN",
                "A_B", "x", "Z9", "_", "/", "+", "}", "'", "PODWIRE-DECOY-ENV-7f3a9c0e", "\u212a", "\u0130"};
        java.util.Random random = new java.util.Random(20261206);
        for (int sample = 0; sample < 20_000; sample++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n >= 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            assertEquals(Scrubber.scrubWithoutPrefilter(t), Scrubber.scrub(t), () -> "prefilter changed the result of: " + t);
        }
    }
}
