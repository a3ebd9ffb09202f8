package io.podwire.node;


/** Runs a command inside one container of a pod: kubectl exec on a cluster, nsenter into its process on the lab node. */
public interface PodExec {
    ExecResult exec(ExpectedPod pod, String container, String... command);
}
