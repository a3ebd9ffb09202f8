package io.podwire.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One archive per run, reports/run-bundle.zip: the record (verdicts.json), the sign-off page (and, for a run of many
 * nodes, its pages per node, signoff-nodes/), the raw node snapshots
 * (scrubbed), the upgrade gate's files, the Allure environment, the wiring map, the claims table and, once generated
 * for this run, the Allure report;
 * SHA256SUMS lists every file in `sha256sum` format, so `sha256sum --strict -c SHA256SUMS` verifies it without
 * podwire (docs/evidence.md). JDK only, so that `java -cp target/classes` runs it.
 */
public final class RunBundle {
    public static final String FILE = "run-bundle.zip";
    public static final String MANIFEST = "SHA256SUMS";
    /** What goes in, relative to reports/ (missing ones are left out: a run that never reached a node has no snapshot). */
    private static final List<String> CONTENT = List.of("verdicts.json", "signoff.html", "signoff.md", "signoff-nodes", "wiring-map.md",
            "claims.md", "snapshots", "upgrade", "allure-results/environment.properties", "allure-report");

    // the record is JSON; a regex keeps this class JDK only (its first "startedAt" is the run's)
    private static final Pattern STARTED_AT = Pattern.compile("\"startedAt\"\\s*:\\s*\"([^\"]+)\"");

    private RunBundle() {
    }

    /**
     * `java -cp target/classes io.podwire.report.RunBundle [REPORTS_DIR]` (re)builds the bundle;
     * `… RunBundle --verify BUNDLE` exits 1 and names every file that does not match its manifest.
     */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--verify")) {
            List<String> problems = verify(Path.of(args[1]));
            problems.forEach(p -> System.err.println("bundle does not verify: " + p));
            System.out.println(problems.isEmpty() ? args[1] + ": every file matches " + MANIFEST : "");
            System.exit(problems.isEmpty() ? 0 : 1);
        }
        Path bundle = write(Path.of(args.length > 0 ? args[0] : "reports"));
        System.out.println("run bundle: " + bundle + " (" + MANIFEST + " sha256 " + manifestDigest(bundle) + ")");
    }

    /** Writes reports/run-bundle.zip from what the run left in reports/, atomically; returns its path. */
    public static Path write(Path reports) {
        Map<String, Path> files = new TreeMap<>();
        for (String name : CONTENT) {
            Path p = reports.resolve(name);
            if (name.equals("allure-report") && !writtenSince(p, startedAt(reports))) {
                continue;  // an earlier run's report: ci/report.sh rebuilds the bundle once this run's exists
            }
            if (Files.isRegularFile(p)) {
                files.put(name, p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).forEach(f -> files.put(reports.relativize(f).toString().replace('\\', '/'), f));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not list " + p, e);
                }
            }
        }
        StringBuilder manifest = new StringBuilder();
        Path bundle = reports.resolve(FILE);
        try {
            Files.createDirectories(reports);
            Path tmp = Files.createTempFile(reports, ".run-bundle", ".zip.tmp");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (Map.Entry<String, Path> f : files.entrySet()) {
                    // streamed, digest and archive in one read: a record of many nodes is never held whole
                    MessageDigest sha = sha256();
                    zip.putNextEntry(new ZipEntry(f.getKey()));
                    try (InputStream in = new DigestInputStream(Files.newInputStream(f.getValue()), sha)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    manifest.append(HexFormat.of().formatHex(sha.digest())).append("  ").append(f.getKey()).append('\n');
                }
                put(zip, MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp, bundle, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + bundle, e);
        }
        return bundle;
    }

    /**
     * Every file listed with a digest that differs, listed but absent, present but not listed, or present twice (a
     * second entry of a name could hide the first from a reader); empty = verified.
     */
    public static List<String> verify(Path bundle) {
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> entries = entries(bundle, problems);
        byte[] manifest = entries.remove(MANIFEST);
        if (manifest == null) {
            return List.of("no " + MANIFEST + " in " + bundle);
        }
        Map<String, String> listed = new TreeMap<>();
        new String(manifest, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .forEach(l -> listed.put(l.substring(66), l.substring(0, 64)));
        listed.forEach((name, digest) -> {
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                problems.add(name + ": listed in " + MANIFEST + " but not in the bundle");
            } else if (!sha256(bytes).equals(digest)) {
                problems.add(name + ": sha256 " + sha256(bytes) + ", " + MANIFEST + " says " + digest);
            }
        });
        entries.keySet().stream().filter(n -> !listed.containsKey(n))
                .forEach(n -> problems.add(n + ": in the bundle but not listed in " + MANIFEST));
        return problems;
    }

    /** The SHA-256 of the bundle's manifest: the one value to sign or keep elsewhere (the manifest covers the rest). */
    public static String manifestDigest(Path bundle) {
        byte[] manifest = entries(bundle).get(MANIFEST);
        return manifest == null ? "none" : sha256(manifest);
    }

    static Map<String, byte[]> entries(Path bundle) {
        return entries(bundle, new ArrayList<>());
    }

    private static Map<String, byte[]> entries(Path bundle, List<String> duplicates) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory() && entries.put(e.getName(), zip.readAllBytes()) != null) {
                    duplicates.add(e.getName() + ": in the bundle more than once");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + bundle, e);
        }
        return entries;
    }

    /** When this run started, from its record (RunStart's or the final one); null when there is none. */
    static Instant startedAt(Path reports) {
        // read only up to the match: the record's head comes before its verdicts
        try (java.util.Scanner in = new java.util.Scanner(reports.resolve("verdicts.json"), StandardCharsets.UTF_8)) {
            return in.findWithinHorizon(STARTED_AT, 0) != null ? Instant.parse(in.match().group(1)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean writtenSince(Path dir, Instant since) {
        if (since == null || !Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            // every file of the report, not only its index: a half-rebuilt report is not this run's either
            return walk.filter(Files::isRegularFile).allMatch(f -> {
                try {
                    return !Files.getLastModifiedTime(f).toInstant().isBefore(since);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
