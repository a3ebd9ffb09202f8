package io.podwire.profile.calico;

import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The claims that Calico's own records of a pod agree with the kernel, pure functions like PodWiringClaims: the
 * kernel side comes from the pod's trail (by identity), the record side from what the snapshot read on the node.
 */
public final class CalicoRecordClaims {
    private CalicoRecordClaims() {
    }

    /**
     * C12: Felix's endpoint-status record of the pod (felix statusrep/status_file_reporter.go 250-275, written once
     * Felix has programmed the endpoint) names the pod's host veth, the node end its trail found by identity, as
     * {@code ifaceName} (= the WorkloadEndpoint's interfaceName: libcalico-go k8s/conversion/
     * workload_endpoint_default.go 153-155, cni-plugin pkg/k8s/k8s.go 455-456), lists exactly eth0's global
     * addresses as {@code ipv4Nets}/{@code ipv6Nets} (the WEP's ipNetworks, from the pod's IPs or its
     * cni.projectcalico.org/podIP(s) annotations: conversion.go 209-243), and its {@code mac}, where the datastore
     * keeps one, is eth0's.
     */
    public static Verdict c12FelixRecordAgreesWithKernel(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C12, pod, s.node());
        String file = FelixEndpointStatus.fileName(pod.namespace(), pod.name());
        String expected = "Felix's record `" + file + "` names the pod's host veth and lists exactly eth0's addresses";
        Observed<FelixEndpointStatus> status = j.saw(CalicoNodeState.of(s).endpointStatus());
        if (!status.available()) {
            return j.inconclusive(status, expected);
        }
        if (!status.value().kept()) {
            // nothing to compare is not a pass: Calico < 3.28, or EndpointStatusPathPrefix none or elsewhere
            return j.inconclusive(Observed.unavailable(status.command(), "Felix keeps no endpoint-status records on"
                    + " this node (no " + status.value().directory() + ": Calico before 3.28, or Felix's"
                    + " endpointStatusPathPrefix is none or another directory)"), expected);
        }
        Observed<NetLink> host = j.saw(t.nodeEnd());
        if (!host.available()) {
            return j.notSeen("node end", host, expected, "no node end of the pod's veth to compare Felix's record with");
        }
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns to compare Felix's record with");
        }
        Optional<Observed<FelixEndpointStatus.Record>> found = status.value().of(pod.namespace(), pod.name());
        if (found.isEmpty()) {
            return j.fail(j.fact("record file " + file, status), "Felix keeps no endpoint-status record of the pod although it keeps them on this node:"
                    + " the endpoint is not programmed, or its record was removed", expected,
                    "no file `" + file + "` in " + status.value().directory() + " ("
                            + status.value().records().size() + " other records)");
        }
        if (!found.get().available()) {
            return j.inconclusive(found.get(), expected);
        }
        FelixEndpointStatus.Record r = found.get().value();
        j.excerpt(r.file() + ": " + r.json()).excerpt(host.value().json()).excerpt(eth0.value().json());
        // C6's name, with Felix's naming prefix as C6 reads it (the default cali where Felix's settings are unread)
        Observed<FelixSettings> felix = CalicoNodeState.of(s).felix();
        String c6Name = felix.available() ? CalicoNaming.hostVethName(felix.value().namingPrefix(), pod.namespace(),
                pod.name()) : CalicoNaming.hostVethName(pod.namespace(), pod.name());
        List<String> v4 = addresses(eth0.value(), "inet");
        List<String> v6 = addresses(eth0.value(), "inet6");
        j.value("recordFile", r.file()).value("recordIfaceName", r.ifaceName()).value("hostVeth", host.value().name())
                .value("c6Name", c6Name).value("recordIpv4Nets", r.ipv4Nets()).value("eth0Ipv4", v4)
                .value("recordIpv6Nets", r.ipv6Nets()).value("eth0Ipv6", v6).value("recordMac", r.mac())
                .value("eth0Mac", eth0.value().mac());
        if (!r.ifaceName().equals(host.value().name())) {
            return j.fail(j.fact("record ifaceName", found.get()), "Felix's record names another interface than the pod's host veth (node link "
                    + host.value().ifindex() + ", the peer of eth0)", "ifaceName " + host.value().name(), "ifaceName "
                    + (r.ifaceName().isEmpty() ? "(none)" : r.ifaceName()));
        }
        if (!sorted(r.ipv4Nets()).equals(sorted(v4)) || !sorted(r.ipv6Nets()).equals(sorted(v6))) {
            return j.fail(j.fact("record ipv4Nets, ipv6Nets", found.get()), "Felix's record lists other addresses than the pod's eth0 carries",
                    "ipv4Nets " + v4 + ", ipv6Nets " + v6, "ipv4Nets " + r.ipv4Nets() + ", ipv6Nets " + r.ipv6Nets());
        }
        // the Kubernetes datastore keeps no MAC (cni-plugin k8s.go 455 sets it only on the WEP it writes to etcd)
        if (!r.mac().isEmpty() && !r.mac().equalsIgnoreCase(eth0.value().mac())) {
            return j.fail(j.fact("record mac", found.get()), "Felix's record gives eth0 another MAC than the kernel", eth0.value().mac(), "mac " + r.mac());
        }
        return j.pass("Felix's record `" + r.file() + "` names " + host.value().name() + " (the node end of eth0;"
                        + " C6's name " + c6Name + ") and lists " + r.ipv4Nets() + r.ipv6Nets() + " = eth0's addresses"
                        + (r.mac().isEmpty() ? " (no MAC recorded: Kubernetes datastore)" : ", mac " + r.mac()),
                expected, "ifaceName " + r.ifaceName() + ", ipv4Nets " + r.ipv4Nets() + ", ipv6Nets " + r.ipv6Nets());
    }

    /** eth0's addresses of a family as Felix lists them (CIDR), without IPv6 link-local ones Felix never records. */
    private static List<String> addresses(NetLink eth0, String family) {
        return eth0.addresses().stream().filter(a -> a.family().equals(family))
                .filter(a -> !a.local().toLowerCase(Locale.ROOT).startsWith("fe80:")).map(NetLink.IpAddress::cidr)
                .toList();
    }

    private static TreeSet<String> sorted(List<String> l) {
        return new TreeSet<>(l);
    }
}
