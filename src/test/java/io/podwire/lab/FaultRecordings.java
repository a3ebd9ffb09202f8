package io.podwire.lab;

import io.podwire.node.RawSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the snapshot taken under each injected fault, in the recorded fixtures' framing (nonce NONCE), when
 * {@code -Dpodwire.record.faults=<dir>} asks for it: the recorded-snapshot twins of the fault catalogue
 * (src/test/resources/fixtures/faults) are made this way. A snapshot holding a decoy is never written.
 */
final class FaultRecordings {
    static final String PROPERTY = "podwire.record.faults";
    private static final Pattern NONCE = Pattern.compile("\\A@@(\\S+) begin ");

    private FaultRecordings() {
    }

    static void record(LabFault fault, RawSnapshot raw) {
        String dir = System.getProperty(PROPERTY, "");
        if (dir.isBlank()) {
            return;
        }
        String text = raw.output();
        for (String decoy : LabRuntimeRecords.DECOYS) {
            if (text.contains(decoy)) {
                throw new IllegalStateException("the snapshot under " + fault + " holds a decoy: not recorded");
            }
        }
        Matcher m = NONCE.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("the snapshot under " + fault + " starts with no framed section");
        }
        try {
            Path out = Path.of(dir).resolve(fault.name() + ".txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, text.replace("@@" + m.group(1) + " ", "@@NONCE "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
