package io.podwire.report;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs code inside a fake Allure test case whose results stay in memory, with a fresh RunRecorder: the suite's own
 * tests exercise ClaimReport without adding fixture claims to reports/.
 */
final class AllureCapture implements AllureResultsWriter, AutoCloseable {
    final List<TestResult> tests = new ArrayList<>();
    final Map<String, byte[]> files = new HashMap<>();
    final RunRecorder recorder = new RunRecorder();
    private final AllureLifecycle previousLifecycle = Allure.getLifecycle();
    private final RunRecorder previousRecorder = RunRecorder.use(recorder);
    private final AllureLifecycle lifecycle = new AllureLifecycle(this);

    AllureCapture() {
        Allure.setLifecycle(lifecycle);
    }

    /** Runs body as test "name" and returns its result as Allure would write it. */
    TestResult test(String name, Runnable body) {
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(name).setFullName("fixture." + name));
        lifecycle.startTestCase(uuid);
        try {
            body.run();
        } finally {
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        }
        return tests.get(tests.size() - 1);
    }

    String text(Attachment a) {
        return new String(files.get(a.getSource()), StandardCharsets.UTF_8);
    }

    static Stream<StepResult> allSteps(List<StepResult> steps) {
        return steps.stream().flatMap(s -> Stream.concat(Stream.of(s), allSteps(s.getSteps())));
    }

    static Stream<Attachment> allAttachments(TestResult t) {
        return Stream.concat(t.getAttachments().stream(), allSteps(t.getSteps()).flatMap(s -> s.getAttachments().stream()));
    }

    @Override
    public void write(TestResult result) {
        tests.add(result);
    }

    @Override
    public void write(TestResultContainer container) {
        // containers carry no evidence in these tests
    }

    @Override
    public void write(String source, InputStream attachment) {
        try (InputStream in = attachment) {
            files.put(source, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Allure.setLifecycle(previousLifecycle);
        RunRecorder.use(previousRecorder);
    }
}
