package io.podwire.upgrade;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allow-list file format (docs/upgrade-gate.md): parsing, matching, and errors that name the rule. */
@DisplayName("Upgrade allow-list: format, matching and errors")
class AllowListTest {
    private static final WiringChange MTU = new WiringChange(WiringChange.Kind.CHANGED, WiringChange.POD, "test/app",
            "hostMtu", "", "1500", "1450", null);

    @Test
    @DisplayName("The example in ci/ parses, and its MTU rule allows 1500 -> 1450 but not 1500 -> 1400")
    void exampleFileParsesAndMatchesOnlyWhatItSays() {
        AllowList a = AllowList.read(Path.of(System.getProperty("basedir", "."), "ci/upgrade-allowlist.example.yaml"));
        assertEquals(2, a.rules().size(), "rules in the example");
        assertNotNull(a.match(MTU), "1500 -> 1450 is allowed");
        assertNull(a.match(new WiringChange(WiringChange.Kind.CHANGED, WiringChange.POD, "test/app", "hostMtu", "",
                "1500", "1400", null)), "1500 -> 1400 is not");
        assertNotNull(a.match(new WiringChange(WiringChange.Kind.REMOVED, WiringChange.NODE, "node-1",
                NodeWiring.ORPHAN_NETNS, "cni-1", "pinned", null, null)), "an orphan going away is allowed");
        assertNull(a.match(new WiringChange(WiringChange.Kind.ADDED, WiringChange.NODE, "node-1",
                NodeWiring.ORPHAN_NETNS, "cni-1", null, "pinned", null)), "a new orphan is not");
    }

    @Test
    @DisplayName("Globs: * is any characters, ? one character, everything else literal")
    void globsMatchAsDocumented() {
        assertTrue(AllowList.Rule.glob("test/*", "test/app"), "test/*");
        assertTrue(AllowList.Rule.glob("cali???????????", "calia900becc4a6"), "11 ?");
        assertTrue(!AllowList.Rule.glob("10.42.0.1", "10x42x0x1"), "a dot is literal");
        assertTrue(!AllowList.Rule.glob("test/*", null), "a missing value matches only *");
    }

    @Test
    @DisplayName("An empty file or no `allow` allows nothing")
    void emptyAllowsNothing() {
        assertEquals(List.of(), AllowList.parse("empty", "").rules(), "empty file");
        assertEquals(List.of(), AllowList.parse("no allow", "version: 1\n").rules(), "no allow key");
        assertNull(AllowList.parse("empty", "").match(MTU), "nothing matches");
    }

    @Test
    @DisplayName("A rule without a reason is an error naming the file and the rule")
    void ruleWithoutReasonIsAnError() {
        var e = assertThrows(AllowList.InvalidAllowList.class,
                () -> AllowList.parse("team.yaml", "allow:\n  - field: hostMtu\n"));
        assertEquals("team.yaml: allow[0] has no `reason`: say why this change is expected", e.getMessage());
    }

    @Test
    @DisplayName("A misspelt key is an error, so a typo never widens what is allowed")
    void unknownKeyIsAnError() {
        var e = assertThrows(AllowList.InvalidAllowList.class,
                () -> AllowList.parse("team.yaml", "allow:\n  - feild: hostMtu\n    reason: x\n"));
        assertTrue(e.getMessage().startsWith("team.yaml: allow[0]: unknown key `feild`"), e.getMessage());
    }

    @Test
    @DisplayName("A change kind other than added, removed, changed is an error")
    void unknownChangeKindIsAnError() {
        var e = assertThrows(AllowList.InvalidAllowList.class,
                () -> AllowList.parse("team.yaml", "allow:\n  - change: renamed\n    reason: x\n"));
        assertTrue(e.getMessage().contains("change `renamed` is not one of added, removed, changed, *"), e.getMessage());
    }

    @Test
    @DisplayName("Broken YAML and an unsupported version are errors naming the file")
    void brokenYamlIsAnError() {
        assertTrue(assertThrows(AllowList.InvalidAllowList.class, () -> AllowList.parse("team.yaml", "allow: [\n"))
                .getMessage().startsWith("team.yaml: not valid YAML"), "broken YAML");
        assertTrue(assertThrows(AllowList.InvalidAllowList.class, () -> AllowList.parse("team.yaml", "version: 2\n"))
                .getMessage().contains("version 2 is not supported"), "version 2");
    }

    @Test
    @DisplayName("A key written twice in one rule is an error, never last-wins")
    void duplicateKeysAreAnError() {
        var e = assertThrows(AllowList.InvalidAllowList.class, () -> AllowList.parse("team.yaml",
                "allow:\n  - field: hostMtu\n    field: \"*\"\n    reason: x\n"));
        assertTrue(e.getMessage().startsWith("team.yaml: not valid YAML (line 3): "), e.getMessage());
        assertTrue(e.getMessage().contains("field"), e.getMessage());
    }

    @Test
    @DisplayName("A rule that names nothing it allows (only a reason) is an error, since it would allow every change")
    void aRuleWithOnlyAReasonIsAnError() {
        var e = assertThrows(AllowList.InvalidAllowList.class,
                () -> AllowList.parse("team.yaml", "allow:\n  - field: hostMtu\n    reason: x\n  - reason: anything goes\n"));
        assertEquals("team.yaml: allow[1] names nothing it allows, so it would allow every change: give at least a"
                + " `field` or `subject`", e.getMessage());
    }

    @Test
    @DisplayName("A list where a value is expected, and a version that is not the integer 1, are errors naming file and rule")
    void wrongValueTypesAreErrors() {
        var e = assertThrows(AllowList.InvalidAllowList.class,
                () -> AllowList.parse("team.yaml", "allow:\n  - field: [hostMtu, podMtu]\n    reason: x\n"));
        assertEquals("team.yaml: allow[0]: `field` must be a single value, not [\"hostMtu\",\"podMtu\"]", e.getMessage());
        var v = assertThrows(AllowList.InvalidAllowList.class, () -> AllowList.parse("team.yaml", "version: 1.9\n"));
        assertTrue(v.getMessage().startsWith("team.yaml: version 1.9 is not supported"), v.getMessage());
    }
}
