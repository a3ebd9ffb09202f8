package io.podwire.cluster;

import io.podwire.report.RecordingEvents;
import io.podwire.verdict.ClaimInconclusiveException;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

import java.util.Optional;

/**
 * Starts the cluster once per test run and hands it to tests as a {@link ConformanceRun} parameter. The run lives in
 * the ROOT store (AutoCloseable: closed when the whole plan ends), never in a static field: a container created in
 * a static initializer breaks Allure's listener. It starts in beforeEach, so a provisioning failure is reported on
 * the test as the InfrastructureException itself (not skipped, not a claim verdict), with diagnostics attached.
 */
public final class ClusterExtension implements BeforeEachCallback, ParameterResolver, TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClusterExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ConformanceRun run = run(context);
        String target = run.settings().kind().id() + Optional.ofNullable(System.getProperty(LabTarget.FAULT_PROPERTY))
                .map(f -> " with fault " + f).orElse("");
        // one history per target: Allure would otherwise show a k3s run and a lab run of the same test as retries
        Allure.parameter("target", target);
        Allure.getLifecycle().updateTestCase(tr -> tr.setHistoryId(tr.getHistoryId() + "-" + target.replace(' ', '-')));
        run.ensureStarted();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConformanceRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return run(context);
    }

    /** A violated or unobservable claim: gather the cluster's state before anything is torn down, then rethrow. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof AssertionFailedError || failure instanceof ClaimInconclusiveException) {
            run(context).collectDiagnostics(context.getDisplayName() + ": " + failure.getMessage());
        }
        throw failure;
    }

    private static ConformanceRun run(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(ConformanceRun.class,
                k -> new ConformanceRun(ClusterSettings.fromSystem(), new RecordingEvents()), ConformanceRun.class);
    }
}
