package io.podwire.lab;

import java.util.List;

/**
 * The lab runtime's records in containerd's full shape (crictl inspectp / inspect -o json as real kind and IKS nodes
 * print them: status with annotations, info.config with envs, args and namespace_options, info.runtimeSpec with
 * process.env/args, mounts and annotations), so what a real node holds is what the snapshot meets on the lab too.
 * Every lab pod carries {@link #DECOYS} where pod authors put secrets; none may ever leave the node.
 */
public final class LabRuntimeRecords {
    /** In a container's environment (config.envs and runtimeSpec.process.env). */
    public static final String DECOY_ENV = "PODWIRE-DECOY-ENV-7f3a9c0e";
    /** In a container's argv (config.args and runtimeSpec.process.args), as the value after --password. */
    public static final String DECOY_ARG = "PODWIRE-DECOY-ARG-52e1b0d4";
    /** In a pod annotation (status.annotations, info.config.annotations). */
    public static final String DECOY_ANNOTATION = "PODWIRE-DECOY-ANNOTATION-c4d8e2a1";
    /** In kubectl.kubernetes.io/last-applied-configuration, as a literal env value. */
    public static final String DECOY_LAST_APPLIED = "PODWIRE-DECOY-LASTAPPLIED-9b07f1e3";
    public static final List<String> DECOYS = List.of(DECOY_ENV, DECOY_ARG, DECOY_ANNOTATION, DECOY_LAST_APPLIED);

    // placeholders the shell functions fill per record (sed); "__PW_PID__" with its quotes becomes a number
    private static final String SANDBOX = """
            {
              "status": {
                "id": "__PW_ID__",
                "metadata": {"attempt": 0, "name": "__PW_POD__", "namespace": "__PW_NS__", "uid": "__PW_UID__"},
                "state": "SANDBOX_READY",
                "createdAt": "2024-01-30T03:02:34.011264177Z",
                "network": {"__PW_NET__": 0},
                "linux": {"namespaces": {"options": {"ipc": "POD", "network": "POD", "pid": "CONTAINER", "targetId": ""}}},
                "labels": {"app": "__PW_APP__", "io.kubernetes.pod.name": "__PW_POD__",
                  "io.kubernetes.pod.namespace": "__PW_NS__", "io.kubernetes.pod.uid": "__PW_UID__"},
                "annotations": {
                  "kubernetes.io/config.seen": "2024-01-30T03:02:33.440020772Z",
                  "kubernetes.io/config.source": "api",
                  "example.com/backup-credentials": "user=backup password=%4$s",
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"name\\":\\"__PW_POD__\\",\\"namespace\\":\\"__PW_NS__\\"},\\"spec\\":{\\"containers\\":[{\\"args\\":[\\"--password\\",\\"%3$s\\"],\\"env\\":[{\\"name\\":\\"DB_PASSWORD\\",\\"value\\":\\"%5$s\\"}],\\"image\\":\\"busybox\\",\\"name\\":\\"app\\"}]}}\\n"
                },
                "runtimeHandler": ""
              },
              "info": {
                "pid": "__PW_PID__",
                "processStatus": "running",
                "netNamespaceClosed": false,
                "image": "registry.k8s.io/pause:3.7",
                "runtimeType": "io.containerd.runc.v2",
                "config": {
                  "metadata": {"name": "__PW_POD__", "uid": "__PW_UID__", "namespace": "__PW_NS__"},
                  "hostname": "__PW_POD__",
                  "log_directory": "/var/log/pods/__PW_NS_____PW_POD_____PW_UID__",
                  "labels": {"app": "__PW_APP__", "io.kubernetes.pod.name": "__PW_POD__", "io.kubernetes.pod.namespace": "__PW_NS__"},
                  "annotations": {"example.com/backup-credentials": "user=backup password=%4$s"},
                  "linux": {"security_context": {"namespace_options": {"pid": 1}}}
                },
                "runtimeSpec": {
                  "ociVersion": "1.1.0-rc.1",
                  "process": {"user": {"uid": 65535, "gid": 65535}, "args": ["/pause"],
                    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "cwd": "/"},
                  "root": {"path": "rootfs", "readonly": true},
                  "hostname": "__PW_POD__",
                  "mounts": [{"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]}],
                  "annotations": {"io.kubernetes.cri.container-type": "sandbox", "io.kubernetes.cri.sandbox-id": "__PW_ID__",
                    "io.kubernetes.cri.sandbox-name": "__PW_POD__", "io.kubernetes.cri.sandbox-namespace": "__PW_NS__"},
                  "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
                    {"type": "network", "path": "/var/run/netns/__PW_NETNS__"}],
                    "maskedPaths": ["/proc/acpi", "/proc/kcore"], "readonlyPaths": ["/proc/bus", "/proc/sys"]}
                }
              }
            }
            """;

    private static final String CONTAINER = """
            {
              "status": {
                "id": "__PW_ID__",
                "metadata": {"attempt": 0, "name": "__PW_NAME__"},
                "state": "CONTAINER_RUNNING",
                "createdAt": "2024-01-30T03:02:36.562220088Z",
                "image": {"image": "docker.io/library/busybox:1.36"},
                "labels": {"io.kubernetes.container.name": "__PW_NAME__", "io.kubernetes.pod.name": "__PW_POD__",
                  "io.kubernetes.pod.namespace": "__PW_NS__"},
                "annotations": {"io.kubernetes.container.restartCount": "0", "example.com/token": "%4$s"},
                "mounts": [{"containerPath": "/etc/app", "hostPath": "/var/lib/kubelet/pods/__PW_POD__/volumes/secret", "readonly": true}],
                "logPath": "/var/log/pods/__PW_NS_____PW_POD__/__PW_NAME__/0.log"
              },
              "info": {
                "sandboxID": "__PW_SANDBOX__",
                "pid": "__PW_PID__",
                "removing": false,
                "runtimeType": "io.containerd.runc.v2",
                "config": {
                  "metadata": {"name": "__PW_NAME__"},
                  "args": ["--db-user", "app", "--password", "%3$s"],
                  "envs": [{"key": "KUBERNETES_SERVICE_HOST", "value": "10.96.0.1"}, {"key": "DB_PASSWORD", "value": "%2$s"},
                    {"key": "AZURE_STORAGE_CONNECTION_STRING", "value": "DefaultEndpointsProtocol=https;AccountName=lab;AccountKey=%2$s"}],
                  "mounts": [{"container_path": "/etc/app", "host_path": "/var/lib/kubelet/pods/__PW_POD__/volumes/secret", "readonly": true}],
                  "annotations": {"example.com/token": "%4$s"},
                  "linux": {"security_context": {"namespace_options": {"pid": 1}}}
                },
                "runtimeSpec": {
                  "ociVersion": "1.1.0-rc.1",
                  "process": {"user": {"uid": 0, "gid": 0}, "args": ["/bin/app", "--db-user", "app", "--password", "%3$s"],
                    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "DB_PASSWORD=%2$s"], "cwd": "/"},
                  "mounts": [{"destination": "/etc/app", "type": "bind", "source": "/var/lib/kubelet/pods/__PW_POD__/volumes/secret"}],
                  "annotations": {"io.kubernetes.cri.container-name": "__PW_NAME__", "io.kubernetes.cri.container-type": "container",
                    "io.kubernetes.cri.sandbox-id": "__PW_SANDBOX__"},
                  "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc", "path": "/proc/__PW_SPID__/ns/ipc"},
                    {"type": "uts", "path": "/proc/__PW_SPID__/ns/uts"}, {"type": "mount"},
                    {"type": "network", "path": "/proc/__PW_SPID__/ns/net"}]}
                }
              }
            }
            """;

    /** Where the lab node holds the two record templates (LabNode copies them in: no command line carries them). */
    public static final String SANDBOX_TEMPLATE_FILE = "/usr/local/share/podwire-lab/sandbox.json";
    public static final String CONTAINER_TEMPLATE_FILE = "/usr/local/share/podwire-lab/container.json";

    /**
     * The wiring's record functions (bash, no fork per record): record_sandbox sandbox-id namespace pod netns ip [ipv6]
     * (label app = pod name less -N) and record_container container-id sandbox-id name namespace pod. S is the lab's
     * state directory.
     */
    static final String SHELL = """
            SANDBOX_RECORD=$(cat %1$s)
            CONTAINER_RECORD=$(cat %2$s)
            record_sandbox() {
              read -r p < $S/pids/$1
              # CRI PodSandboxNetworkStatus: the second family's address under additionalIps
              net='"ip":"'$5'"'; [ -n "${6:-}" ] && net=$net',"additionalIps":[{"ip":"'$6'"}]'
              r=${SANDBOX_RECORD//'"__PW_NET__": 0'/$net}; r=${r//'"__PW_PID__"'/$p}; r=${r//__PW_ID__/$1}
              r=${r//__PW_NS__/$2}; r=${r//__PW_POD__/$3}; r=${r//__PW_APP__/${3%%%%-[0-9]*}}; r=${r//__PW_NETNS__/$4}
              printf '%%s\\n' "${r//__PW_UID__/uid-$1}" > $S/sandboxes/$1.json
            }
            record_container() {
              read -r p < $S/pids/$1
              read -r sp < $S/pids/$2
              r=${CONTAINER_RECORD//'"__PW_PID__"'/$p}; r=${r//__PW_SPID__/$sp}; r=${r//__PW_ID__/$1}
              r=${r//__PW_SANDBOX__/$2}; r=${r//__PW_NAME__/$3}; r=${r//__PW_NS__/$4}
              printf '%%s\\n' "${r//__PW_POD__/$5}" > $S/containers/$1.json
            }
            """.formatted(SANDBOX_TEMPLATE_FILE, CONTAINER_TEMPLATE_FILE);

    private LabRuntimeRecords() {
    }

    /** The sandbox record template, decoys in place. */
    public static String sandboxTemplate() {
        return SANDBOX.formatted(null, DECOY_ENV, DECOY_ARG, DECOY_ANNOTATION, DECOY_LAST_APPLIED);
    }

    /** The container record template, decoys in place. */
    public static String containerTemplate() {
        return CONTAINER.formatted(null, DECOY_ENV, DECOY_ARG, DECOY_ANNOTATION, DECOY_LAST_APPLIED);
    }
}
