package io.carti.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class PackageEditorTest {
    static final String A = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    static final String B = "baenrwiekn3qdmotnl3jm5swsespejzbycv2wjb2itzzy3n4ouezhv4s34u";
    static final String C = "baenrwiabbgzc4nlhtpzs67lcpik3ldxdmmzttpd6batfcdk6vvpt36lofe";
    static final String D = "baenrwic6ybfsdmdtm52fhgbeip6ndoi3e62bonaadmotji4x6vvdpedt3m";

    private static PackageEditor.NewDrive drive(String cid, String label, String start, String length) {
        return new PackageEditor.NewDrive(cid == null ? null : new PackageEditor.BundleRef(cid, "n-" + label, label + ".ext2"),
                label, start, length, false, null);
    }

    private static List<String> assetCids(MachinePackage p) {
        return StreamSupport.stream(p.assets().spliterator(), false).map(a -> a.get("cid").asText()).toList();
    }

    private static List<String> labels(MachinePackage p) { return p.driveList().stream().map(d -> d.get("label").asText()).toList(); }

    /** upstream packager/machine.test.ts "should crud a carti package object", with page-aligned sizes. */
    @Test void crudLikeUpstreamTest() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(A, "flash1", null, "0x1000"));
        assertThat(p.drive("flash1").get().get("start").asText()).isEqualTo("0x9000000000000000");
        e.addDrive(drive(B, "flash2", null, "0x1000"));
        assertThat(assetCids(p)).endsWith(A, B);
        // same bundle, new label/length/start: replaces its drive (upstream's update)
        e.addDrive(drive(B, "flash3", "0xb000000000000000", "0x9000"));
        assertThat(labels(p)).containsExactly("root", "flash1", "flash3");
        assertThat(p.drive("flash3").get().get("length").asText()).isEqualTo("0x9000");
        e.setRom(new PackageEditor.BundleRef(C, "rom", "rom.bin"), null);
        e.setRam(new PackageEditor.BundleRef(D, "ram", "linux.bin"), "0x8000000", "/abs/linux.bin");
        e.setBoot("hello world", null);
        assertThat(p.rom().toString()).isEqualTo("{\"cid\":\"" + C + "\"}");
        assertThat(p.ram().toString()).isEqualTo("{\"cid\":\"" + D + "\",\"length\":\"0x8000000\",\"resolvedPath\":\"/abs/linux.bin\"}");
        assertThat(p.boot().toString()).isEqualTo("{\"args\":\"hello world\"}");
        assertThat(e.removeDrive("cool")).isFalse();
        assertThat(e.removeDrive("flash3")).isTrue();
        assertThat(labels(p)).containsExactly("root", "flash1");
        assertThat(assetCids(p)).doesNotContain(B);
        e.clearRom();
        assertThat(p.rom().isEmpty()).isTrue();
        assertThat(assetCids(p)).doesNotContain(C);
        assertThat(p.toJson()).isEqualTo(MachinePackage.of(p.json(), "x").toJson());
    }

    @Test void b16RmRamRemovesTheRamsAssetNotTheRoms() {
        MachinePackage p = MachinePackage.defaults();
        new PackageEditor(p).clearRam();
        assertThat(assetCids(p)).containsExactly(MachinePackage.DEFAULT_ROM_CID, MachinePackage.DEFAULT_ROOT_CID);
        assertThat(p.ram().isEmpty()).isTrue();
    }

    @Test void b19BundlelessDrivesCoexist() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(null, "out", null, "0x100000"));
        e.addDrive(drive(null, "scratch", null, "0x1000"));
        assertThat(labels(p)).containsExactly("root", "out", "scratch");
        assertThat(p.drive("out").get().get("start").asText()).isEqualTo("0x9000000000000000");
        assertThat(p.drive("scratch").get().get("start").asText()).isEqualTo("0xa000000000000000");
        assertThat(p.drive("out").get().has("cid")).isFalse();
        assertThat(MachineCheck.problems(p, Target.V0_7)).isEmpty();
    }

    /**
     * §4.3: upstream's add is rm-then-add, and an empty drive's "id" is undefined, so re-adding an empty drive under
     * its label replaces it (exit 0): it goes last, at the next start after the highest remaining one.
     */
    @Test void reAddingAnEmptyDriveUnderItsLabelReplacesIt() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(null, "out", null, "0x100000"));
        e.addDrive(new PackageEditor.NewDrive(null, "out", null, "0x2000", true, null));
        assertThat(labels(p)).containsExactly("root", "out");
        assertThat(p.drive("out").get().toString())
                .isEqualTo("{\"start\":\"0x9000000000000000\",\"label\":\"out\",\"length\":\"0x2000\",\"shared\":true}");
        // B19: other empty drives stay; the replaced one moves last, after the highest start
        e.addDrive(drive(null, "scratch", null, "0x1000"));
        e.addDrive(drive(null, "out", null, "0x3000"));
        assertThat(labels(p)).containsExactly("root", "scratch", "out");
        assertThat(p.drive("out").get().get("start").asText()).isEqualTo("0xb000000000000000");
        // a label held by a bundle-backed drive is still refused
        assertThatThrownBy(() -> e.addDrive(drive(null, "root", null, "0x1000"))).hasMessageStartingWith("drive 'root': the label is already used");
    }

    @Test void b20RmFlashRemovesOnlyThatDriveAndKeepsSharedAssets() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(A, "a", null, "0x1000"));
        // the same image mounted twice through resolvedPath-free drives: the asset stays while one drive uses it
        p.drives().addObject().put("cid", A).put("start", "0xc000000000000000").put("label", "a2").put("length", "0x1000").put("shared", false);
        e.removeDrive("a");
        assertThat(labels(p)).containsExactly("root", "a2");
        assertThat(assetCids(p)).contains(A);
        e.removeDrive("a2");
        assertThat(assetCids(p)).doesNotContain(A);
    }

    @Test void rootStaysFirstAndDuplicateLabelsNameTheDrive() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.removeDrive("root");
        e.addDrive(drive(A, "data", null, "0x1000"));
        e.addDrive(drive(B, "root", null, "0x2000"));
        assertThat(labels(p)).containsExactly("root", "data");
        assertThatThrownBy(() -> e.addDrive(drive(null, "data", null, "0x1000")))
                .isInstanceOf(CartiException.class).hasMessageStartingWith("drive 'data': the label is already used by another drive");
    }

    @Test void addRefusesBrokenDrivesAndNamesThem() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        assertThatThrownBy(() -> e.addDrive(drive(A, "odd", null, "0xa"))).hasMessage("drive 'odd': length 0xa must be a non-zero multiple of 4096 (0x1000)");
        assertThatThrownBy(() -> e.addDrive(drive(A, "low", "0x100", "0x1000"))).hasMessage("drive 'low': start 0x100 must be a multiple of 4096 (0x1000)");
        assertThatThrownBy(() -> e.addDrive(drive(A, "over", "0x8000000000001000", "0x1000")))
                .hasMessage("drive 'over': range [0x8000000000001000, 0x8000000000002000) overlaps drive 'root' [0x8000000000000000, 0x8000000003c00000)");
        assertThatThrownBy(() -> e.addDrive(drive(A, "bad label", null, "0x1000"))).hasMessageContaining("label must start with a letter");
        assertThatThrownBy(() -> e.addDrive(drive(null, "", null, "0x1000"))).hasMessage("drive '': the label is empty; give the drive a label with -m <label>");
        assertThat(labels(p)).containsExactly("root");
        assertThatThrownBy(() -> e.addDrive(drive(A, "ram", "0x80000000", "0x1000"))).hasMessageContaining("overlaps the RAM");
        for (int i = 1; i < 8; i++) e.addDrive(drive(null, "d" + i, null, "0x1000"));
        assertThatThrownBy(() -> e.addDrive(drive(null, "d8", "0x1000000", "0x1000"))).hasMessageContaining("at most 8");
    }

    @Test void automaticStartsRunOutWithAClearError() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(null, "top", "0xf000000000000000", "0x1000"));
        assertThatThrownBy(() -> e.addDrive(drive(null, "next", null, "0x1000")))
                .hasMessage("drive 'next': no automatic start is left after 0xf000000000000000; give one with --start");
    }

    @Test void secondBundleUnderABundleBackedLabelDeclaresAComposition() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addDrive(drive(A, "data", null, "0x100000"));
        assertThat(e.addDrive(drive(B, "data", null, "0x1000"))).isEqualTo(PackageEditor.Added.COMPOSITION);
        assertThat(e.addDrive(drive(C, "data", null, "0x1000"))).isEqualTo(PackageEditor.Added.COMPOSITION);
        JsonNode c = p.drive("data").get().get("compose");
        assertThat(c.toString()).isEqualTo("{\"inputs\":[\"" + A + "\",\"" + B + "\",\"" + C + "\"],\"policy\":\"merge\"}");
        assertThat(assetCids(p)).contains(A, B, C);
        assertThatThrownBy(() -> e.addDrive(drive(B, "data", null, "0x1000"))).hasMessageContaining("already part of its composition");
        assertThat(MachinePackage.of(p.json(), "p").drive("data")).isPresent(); // the schema allows it
        assertThat(MachineBuild.needsComposition(p)).isTrue();
        assertThatThrownBy(() -> MachineConfigs.renderLua(p, "/b", Target.V0_7, "p"))
                .hasMessage("p: drive 'data': its composition is not built yet (MachineBuild.materialiseCompositions first)");
        e.removeDrive("data");
        assertThat(assetCids(p)).doesNotContain(A, B, C);
    }

    @Test void reposArePrependedOnceAndRemovedExactly() {
        MachinePackage p = MachinePackage.defaults();
        PackageEditor e = new PackageEditor(p);
        e.addRepos(List.of("https://example.invalid/a", "/local", MachinePackage.DEFAULT_REPO));
        e.addRepos(List.of("/another"));
        assertThat(p.repos().get().toString()).isEqualTo("[\"/another\",\"https://example.invalid/a\",\"/local\",\"" + MachinePackage.DEFAULT_REPO + "\"]");
        assertThat(e.removeRepos(List.of("/local", "/nope"))).isEqualTo(1);
    }
}
