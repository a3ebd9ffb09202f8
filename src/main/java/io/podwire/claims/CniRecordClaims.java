package io.podwire.claims;

import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;

import io.podwire.node.CniResultCache;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsFiles;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;
import io.podwire.node.Sandbox;
import io.podwire.profile.CniProfiles;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * C13, the record every CNI leaves: the runtime's libcni cache of the pod's ADD (containerd's CRI and CRI-O through
 * libcni: /var/lib/cni/results/&lt;network&gt;-&lt;sandbox id&gt;-eth0) agrees with the kernel, checked as CNI's own CHECK
 * checks a prevResult (containernetworking/plugins v1.1.1 ptp.go 312 and bridge.go 838 cmdCheck; pkg/ip/utils_linux.go
 * 29, 79: ValidateExpectedInterfaceIPs, ValidateExpectedRoute): the result's interface in the pod's sandbox is eth0 (with
 * its MAC where the result names one); each address the result gives that interface (or no interface) is on eth0
 * with its prefix; each route is in the pod's main table (dst, and its gateway where given); each host-side
 * interface it names is on the node (with its MAC where named), the pod's node end among them.
 */
final class CniRecordClaims {
    private CniRecordClaims() {
    }

    static Verdict c13CachedResultAgreesWithKernel(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C13, pod, s.node()).value("cniProfile", CniProfiles.of(s).describe());
        String expected = "a cached CNI result for the pod's sandbox and eth0 under " + CniResultCache.DIRECTORY
                + " whose interfaces, addresses and routes the kernel holds";
        Observed<Sandbox> sandbox = j.saw(t.sandbox());
        if (!sandbox.available()) {
            return j.notSeen("sandbox", sandbox, expected, "no ready sandbox of the pod");
        }
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns");
        }
        Observed<CniResultCache> cache = j.saw(s.cniResults());
        if (!cache.available()) {
            return j.inconclusive(cache, expected);
        }
        if (!cache.value().kept()) {
            return j.inconclusive(Observed.unavailable(cache.command(), "the runtime keeps no libcni cache on this node"
                    + " (no " + CniResultCache.DIRECTORY + ": a runtime with another cache directory)"), expected);
        }
        String id = sandbox.value().id();
        Optional<Observed<CniResultCache.Entry>> found = cache.value().of(id, "eth0");
        if (found.isEmpty()) {
            return j.fail(j.fact("cached result", cache), "the runtime's libcni cache holds no result of the pod's ADD (sandbox " + id + ", eth0)",
                    CniResultCache.DIRECTORY + "/<network>-" + id + "-eth0", "no such file");
        }
        Observed<CniResultCache.Entry> entry = j.saw(found.get());
        if (!entry.available()) {
            return j.inconclusive(entry, expected);
        }
        CniResultCache.Entry e = entry.value();
        j.excerpt(e.file() + ": " + e.json()).value("cacheFile", e.file()).value("network", e.network());
        List<JsonNode> ifaces = e.interfaces();
        // the pod's interface: the one the result puts in a sandbox that is the pod's netns (by a name under
        // /var/run/netns, or by the whole path where the runtime pinned it elsewhere)
        List<String> podNetnsNames = t.netns().available() ? s.netnsNames(t.netns().value()) : List.of();
        int podIndex = -1;
        for (int i = 0; i < ifaces.size(); i++) {
            String sb = ifaces.get(i).path("sandbox").asString("");
            boolean underNetnsDir = NetnsFiles.underNetnsDir(sb);
            if (!sb.isEmpty() && podNetnsNames.contains(underNetnsDir ? sb.substring(sb.lastIndexOf('/') + 1) : sb)) {
                podIndex = i;
            }
        }
        NetLink e0 = eth0.value();
        if (podIndex < 0) {
            return j.fail(j.fact("cached pod interface", entry), "the cached result names no interface in the pod's netns", "an interface with sandbox "
                    + sandbox.value().netnsPath(), ifaces.toString());
        }
        JsonNode podIface = ifaces.get(podIndex);
        String mac = podIface.path("mac").asString("");
        if (!podIface.path("name").asString("").equals("eth0") || !mac.isEmpty() && !mac.equalsIgnoreCase(e0.mac())) {
            return j.fail(j.fact("cached pod interface", entry), "the cached result's pod interface is not the pod's eth0", "eth0" + (mac.isEmpty() ? ""
                    : " " + e0.mac()), podIface.toString());
        }
        List<String> held = e0.addresses().stream().map(NetLink.IpAddress::cidr).toList();
        List<String> recorded = new ArrayList<>();
        for (JsonNode ip : e.result().path("ips")) {
            int index = ip.has("interface") ? ip.path("interface").asInt(-1) : podIndex;
            if (index == podIndex) {
                recorded.add(ip.path("address").asString(""));
            }
        }
        j.value("resultAddresses", recorded).value("eth0Addresses", held);
        List<String> absent = recorded.stream().filter(a -> !held.contains(a)).toList();
        if (recorded.isEmpty() || !absent.isEmpty()) {
            return j.fail(j.fact("cached addresses", eth0), "eth0 does not hold the address(es) the cached result gives it", String.join(", ", recorded),
                    String.join(", ", held));
        }
        List<Route> routes = new ArrayList<>(t.view().value().mainRoutes(Route.INET));
        routes.addAll(t.view().value().mainRoutes(Route.INET6));
        List<String> missing = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (JsonNode r : e.result().path("routes")) {
            String dst = dst(r.path("dst").asString(""));
            String gw = r.path("gw").asString(null);
            want.add(dst + (gw == null ? "" : " via " + gw));
            if (routes.stream().noneMatch(k -> k.dst().equals(dst) && (gw == null || gw.equals(k.gateway())))) {
                missing.add(dst + (gw == null ? "" : " via " + gw));
            }
        }
        j.value("resultRoutes", want);
        if (!missing.isEmpty()) {
            return j.fail(j.fact("cached routes", t.view()), "the pod's table lacks route(s) the cached result lists: " + missing, String.join("; ", want),
                    String.join("; ", routes.stream().map(Route::line).toList()));
        }
        Observed<NetLink> end = t.nodeEnd();
        List<String> hostSide = new ArrayList<>();
        for (JsonNode i : ifaces) {
            if (i.has("sandbox") && !i.path("sandbox").asString("").isEmpty()) {
                continue;
            }
            String name = i.path("name").asString("");
            hostSide.add(name);
            Observed<NetLink> l = j.saw(s.link(name));
            if (!l.available()) {
                return j.notSeen("cached host interface", l, "node link " + name, "no link " + name + " on the node");
            }
            String m = i.path("mac").asString("");
            if (!m.isEmpty() && !m.equalsIgnoreCase(l.value().mac())) {
                return j.fail(j.fact("cached host interface MAC", l), "the node link " + name + " does not have the MAC the cached result records", m, l.value().mac());
            }
        }
        j.value("resultHostInterfaces", hostSide);
        if (!hostSide.isEmpty() && end.available() && !hostSide.contains(end.value().name())) {
            return j.fail(j.fact("cached host interfaces", end), "the cached result does not name the pod's node end", end.value().name(), String.join(", ", hostSide));
        }
        return j.pass("the cached result " + e.file() + " agrees with the kernel: eth0 holds " + recorded
                + (want.isEmpty() ? "" : ", the pod routes " + want) + (hostSide.isEmpty() ? "" : ", node links " + hostSide),
                expected, "eth0 " + held + "; routes " + want + "; node links " + hostSide);
    }

    /** A result route's dst as ip prints it: 0.0.0.0/0 and ::/0 as "default", a host route without its length. */
    private static String dst(String cidr) {
        String c = cidr.toLowerCase(Locale.ROOT);
        if (c.equals("0.0.0.0/0") || c.equals("::/0")) {
            return "default";
        }
        return c.endsWith("/32") && !c.contains(":") ? c.substring(0, c.length() - 3)
                : c.endsWith("/128") ? c.substring(0, c.length() - 4) : c;
    }
}
