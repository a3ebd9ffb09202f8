package io.podwire.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap of one measured step: every heap pool's peak is reset after a GC, and the peaks are summed afterwards.
 * The sum is an upper bound of the true peak (pools peak at different moments), and includes garbage not yet
 * collected, so it is the conservative figure to hold against a heap budget.
 */
final class HeapProbe {
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    private HeapProbe() {
    }

    /** Collects garbage and resets the peaks: the next peak() covers only what runs after this. */
    static void reset() {
        System.gc();
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peak() {
        return HEAP.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Heap in use after a full GC: what the step's results keep alive (plus the JVM's own baseline). */
    static long live() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }
}
