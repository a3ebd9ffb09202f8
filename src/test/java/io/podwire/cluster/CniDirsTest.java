package io.podwire.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CniDirsTest {

    @Test
    void k3sDirsAreReadFromAVersion2Config() {
        assertEquals(new CniDirs("/var/lib/rancher/k3s/data/cni", "/var/lib/rancher/k3s/agent/etc/cni/net.d"),
                CniDirs.fromContainerdConfig(FixtureFiles.read("calico/k3s-flannel-v2.toml")));
    }

    @Test
    void k3sDirsAreReadFromAVersion3ConfigWithBinDirsList() {
        assertEquals(new CniDirs("/var/lib/rancher/k3s/data/cni", "/var/lib/rancher/k3s/agent/etc/cni/net.d"),
                CniDirs.fromContainerdConfig(FixtureFiles.read("calico/k3s-flannel-v3.toml")));
    }

    @Test
    void aConfigWithoutCniSectionMeansContainerdDefaultsWhichAreCalicoYamls() {
        CniDirs dirs = CniDirs.fromContainerdConfig(FixtureFiles.read("calico/k3s-no-flannel.toml"));

        assertEquals(new CniDirs("/opt/cni/bin", "/etc/cni/net.d"), dirs);
        assertTrue(dirs.isDefault(), "defaults need no patch");
    }
}
