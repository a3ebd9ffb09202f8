package io.podwire.lab;

import io.podwire.InfrastructureException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

import java.util.List;

/**
 * Provides lab nodes wired with the standard pods: one shared per run (root store), or a fresh one per test for
 * fault injection ({@link FreshLab}). Without Docker or the lab image the tests are skipped with how to get them,
 * except under CI=true, where they fail: a gate never passes without running its claims.
 */
public final class LabNodeExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabNodeExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String reason = LabNode.unavailableReason();
        if (reason == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new InfrastructureException("CI=true and the lab node can't run: " + reason);
        }
        throw new TestAbortedException("lab tests skipped: " + reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LabNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        if (p.isAnnotated(FreshLab.class)) {
            List<LabPod> pods = p.findAnnotation(FreshLab.class).orElseThrow().dualStack() ? LabPod.dualStack()
                    : LabPod.standard();
            return e.getStore(NS).getOrComputeIfAbsent("fresh-" + p.getIndex(), k -> new Closing(wiredLab(pods)),
                    Closing.class).lab;
        }
        return e.getRoot().getStore(NS).getOrComputeIfAbsent("shared", k -> new Closing(wiredLab(LabPod.standard())),
                Closing.class).lab;
    }

    /** A lab node wired with {@code pods}, for a test that closes it itself. */
    static LabNode wiredLab(List<LabPod> pods) {
        LabNode lab = LabNode.start();
        try {
            lab.wire(pods);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Stops the container when its store closes, even when the test failed. */
    private record Closing(LabNode lab) implements AutoCloseable {
        @Override
        public void close() {
            lab.close();
        }
    }
}
