package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.cid.Cid;
import io.carti.core.drive.Composer;
import io.carti.core.drive.TreeMerger;
import io.carti.core.store.Layout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code machine build} (and {@code machine install}) do before rendering: materialise every composed drive
 * (a drive whose {@code compose} has no {@code result} yet) into a flash bundle in the local store, through
 * {@link Composer}. The composition is deterministic, so the same inputs give the same result CID everywhere.
 */
public final class MachineBuild {
    private final Layout layout;

    public MachineBuild(Layout layout) { this.layout = layout; }

    /** Drives whose composition still has to be built. */
    public static boolean needsComposition(MachinePackage pkg) {
        return pkg.driveList().stream().anyMatch(d -> d.has("compose") && !d.get("compose").hasNonNull("result"));
    }

    /**
     * Returns a copy of the package with every pending composition built: the composed image is a flashdrive
     * bundle {@code <label>-composed} in the local store and index, the drive's {@code compose} records
     * {@code tool} and {@code result} (its CID), the result joins {@code assets}, and the drive's length becomes
     * the image's size (the emulator wants them equal). The input package is not changed; nothing is written to
     * the store when a composition fails.
     */
    public MachinePackage materialiseCompositions(MachinePackage pkg, Consumer<String> status) {
        if (!needsComposition(pkg)) return pkg;
        MachinePackage out = pkg.copy();
        for (ObjectNode d : out.driveList()) {
            JsonNode c = d.get("compose");
            if (c == null || c.hasNonNull("result")) continue;
            String label = MachinePackage.text(d, "label");
            List<Cid> inputs = new ArrayList<>();
            for (JsonNode in : c.path("inputs")) inputs.add(Cid.parse(in.asText()));
            TreeMerger.Policy policy = TreeMerger.Policy.parse(c.path("policy").asText("merge"));
            status.accept("composing drive '" + label + "' from " + inputs.size() + " bundles (" + policy.json() + ")");
            Composer.Result r;
            try {
                r = new Composer(layout).compose(new Composer.Request(inputs, label + "-composed", null, policy, null));
            } catch (CartiException e) {
                throw new CartiException(e.kind(), "drive '" + label + "': " + e.getMessage(), e);
            }
            ObjectNode co = (ObjectNode) c;
            co.put("tool", r.tool());
            co.put("result", r.cid().toString());
            if (out.asset(r.cid().toString()).isEmpty()) {
                out.assets().add(MachinePackage.asset(r.cid().toString(), r.bundle().name(), r.fileName()));
            }
            String length = Numbers.hex(Numbers.roundUpToPage(BigInteger.valueOf(r.size())));
            d.put("length", length);
            status.accept("drive '" + label + "': composed image " + r.cid() + " (" + r.size() + " bytes, length " + length + ")");
        }
        return out;
    }
}
