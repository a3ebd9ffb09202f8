package io.podwire.cluster;

import java.util.regex.Pattern;

/** Blanks credentials out of text that goes into logs and reports: tokens, keys, certificates, passwords. */
public final class Redaction {
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:token|password|passwd|secret|client-key-data|client-certificate-data|certificate-authority-data"
                    + "|bearer)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(Authorization:\\s*Bearer\\s+)\\S+");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]*)-----[\\s\\S]*?-----END \\1-----");
    private static final Pattern K3S_TOKEN = Pattern.compile("K10[0-9a-f]{20,}::[^\\s\"]+");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String t = PEM.matcher(text).replaceAll("-----BEGIN $1----- <redacted> -----END $1-----");
        t = K3S_TOKEN.matcher(t).replaceAll("<redacted>");
        t = BEARER.matcher(t).replaceAll("$1<redacted>");
        return KEY_VALUE.matcher(t).replaceAll("$1<redacted>");
    }
}
