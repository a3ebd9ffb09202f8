package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controls of the Pod Security Standards' baseline profile
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline, the "Baseline" table; enforced by
 * k8s.io/pod-security-admission policy/check_*.go): each violation is one line naming the field and the value.
 */
final class PodSecurityBaseline {
    /** "Capabilities": what may be added beyond the runtime's defaults. NET_RAW is not on this list. */
    static final Set<String> ALLOWED_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** "Sysctls": the safe set (later Kubernetes versions added the last five). */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    /** "SELinux": the types a container may ask for. */
    static final Set<String> ALLOWED_SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private PodSecurityBaseline() {
    }

    /** The pod spec a resource creates pods from, if it creates any (a Namespace does not). */
    static Optional<PodSpecWithMeta> podSpecOf(HasMetadata r) {
        if (r instanceof Pod p) {
            return Optional.of(new PodSpecWithMeta(p.getMetadata(), p.getSpec()));
        }
        PodTemplateSpec t = r instanceof Deployment d ? d.getSpec().getTemplate()
                : r instanceof DaemonSet ds ? ds.getSpec().getTemplate()
                : r instanceof StatefulSet ss ? ss.getSpec().getTemplate()
                : r instanceof ReplicaSet rs ? rs.getSpec().getTemplate()
                : r instanceof Job j ? j.getSpec().getTemplate() : null;
        return t == null ? Optional.empty() : Optional.of(new PodSpecWithMeta(t.getMetadata(), t.getSpec()));
    }

    record PodSpecWithMeta(ObjectMeta meta, PodSpec spec) {
    }

    /** Every baseline violation of the resource; empty when it is admissible (or creates no pods). */
    static List<String> violations(HasMetadata r) {
        return podSpecOf(r).map(p -> violations(p.meta(), p.spec())).orElse(List.of());
    }

    static List<String> violations(ObjectMeta meta, PodSpec spec) {
        List<String> v = new ArrayList<>();
        PodSecurityContext psc = spec.getSecurityContext();
        // HostProcess
        if (psc != null && hostProcess(psc.getWindowsOptions())) {
            v.add("HostProcess: spec.securityContext.windowsOptions.hostProcess=true");
        }
        // Host Namespaces
        check(v, spec.getHostNetwork(), "Host Namespaces: spec.hostNetwork=true");
        check(v, spec.getHostPID(), "Host Namespaces: spec.hostPID=true");
        check(v, spec.getHostIPC(), "Host Namespaces: spec.hostIPC=true");
        // HostPath Volumes
        for (Volume vol : orEmpty(spec.getVolumes())) {
            if (vol.getHostPath() != null) {
                v.add("HostPath Volumes: spec.volumes[" + vol.getName() + "].hostPath=" + vol.getHostPath().getPath());
            }
        }
        if (psc != null) {
            seccomp(v, "spec.securityContext", psc.getSeccompProfile());
            seLinux(v, "spec.securityContext", psc.getSeLinuxOptions());
            appArmor(v, "spec.securityContext", psc.getAppArmorProfile());
            for (Sysctl s : orEmpty(psc.getSysctls())) {
                if (!SAFE_SYSCTLS.contains(s.getName())) {
                    v.add("Sysctls: spec.securityContext.sysctls " + s.getName() + " is not in the safe set");
                }
            }
        }
        for (Map.Entry<String, String> a : orEmpty(meta == null ? null : meta.getAnnotations()).entrySet()) {
            if (a.getKey().startsWith(APPARMOR_ANNOTATION) && !"runtime/default".equals(a.getValue())
                    && !a.getValue().startsWith("localhost/")) {
                v.add("AppArmor: annotation " + a.getKey() + "=" + a.getValue());
            }
        }
        List<Named> containers = new ArrayList<>();
        orEmpty(spec.getContainers()).forEach(c -> containers.add(new Named("spec.containers[" + c.getName() + "]",
                c.getSecurityContext(), c.getPorts())));
        orEmpty(spec.getInitContainers()).forEach(c -> containers.add(new Named("spec.initContainers[" + c.getName()
                + "]", c.getSecurityContext(), c.getPorts())));
        for (EphemeralContainer c : orEmpty(spec.getEphemeralContainers())) {
            containers.add(new Named("spec.ephemeralContainers[" + c.getName() + "]", c.getSecurityContext(),
                    c.getPorts()));
        }
        containers.forEach(c -> container(v, c));
        return v;
    }

    private record Named(String path, SecurityContext sc, List<ContainerPort> ports) {
    }

    private static void container(List<String> v, Named c) {
        // Host Ports: unset or 0 (the profile's optional allow-list is empty by default)
        for (ContainerPort p : orEmpty(c.ports())) {
            if (p.getHostPort() != null && p.getHostPort() != 0) {
                v.add("Host Ports: " + c.path() + ".ports.hostPort=" + p.getHostPort());
            }
        }
        SecurityContext sc = c.sc();
        if (sc == null) {
            return;
        }
        if (hostProcess(sc.getWindowsOptions())) {
            v.add("HostProcess: " + c.path() + ".securityContext.windowsOptions.hostProcess=true");
        }
        check(v, sc.getPrivileged(), "Privileged Containers: " + c.path() + ".securityContext.privileged=true");
        Capabilities caps = sc.getCapabilities();
        if (caps != null) {
            for (String add : orEmpty(caps.getAdd())) {
                if (!ALLOWED_CAPABILITIES.contains(add)) {
                    v.add("Capabilities: " + c.path() + ".securityContext.capabilities.add " + add
                            + " is beyond the baseline list");
                }
            }
        }
        if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
            v.add("/proc Mount Type: " + c.path() + ".securityContext.procMount=" + sc.getProcMount());
        }
        seccomp(v, c.path() + ".securityContext", sc.getSeccompProfile());
        seLinux(v, c.path() + ".securityContext", sc.getSeLinuxOptions());
        appArmor(v, c.path() + ".securityContext", sc.getAppArmorProfile());
    }

    private static void seccomp(List<String> v, String path, SeccompProfile p) {
        if (p != null && "Unconfined".equals(p.getType())) {
            v.add("Seccomp: " + path + ".seccompProfile.type=Unconfined");
        }
    }

    private static void appArmor(List<String> v, String path, AppArmorProfile p) {
        if (p != null && "Unconfined".equals(p.getType())) {
            v.add("AppArmor: " + path + ".appArmorProfile.type=Unconfined");
        }
    }

    private static void seLinux(List<String> v, String path, SELinuxOptions o) {
        if (o == null) {
            return;
        }
        if (o.getType() != null && !o.getType().isEmpty() && !ALLOWED_SELINUX_TYPES.contains(o.getType())) {
            v.add("SELinux: " + path + ".seLinuxOptions.type=" + o.getType());
        }
        if (o.getUser() != null && !o.getUser().isEmpty()) {
            v.add("SELinux: " + path + ".seLinuxOptions.user=" + o.getUser());
        }
        if (o.getRole() != null && !o.getRole().isEmpty()) {
            v.add("SELinux: " + path + ".seLinuxOptions.role=" + o.getRole());
        }
    }

    private static boolean hostProcess(WindowsSecurityContextOptions w) {
        return w != null && Boolean.TRUE.equals(w.getHostProcess());
    }

    private static void check(List<String> v, Boolean field, String violation) {
        if (Boolean.TRUE.equals(field)) {
            v.add(violation);
        }
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
