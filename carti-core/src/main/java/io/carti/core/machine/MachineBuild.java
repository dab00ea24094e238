package io.carti.core.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.store.Layout;
import java.util.function.Consumer;

/**
 * What {@code machine build} (and {@code machine install}) do before rendering: materialise every composed drive
 * (a drive whose {@code compose} has no {@code result} yet) into a flash bundle in the local store.
 */
public final class MachineBuild {
    private final Layout layout;

    public MachineBuild(Layout layout) { this.layout = layout; }

    /** Drives whose composition still has to be built. */
    public static boolean needsComposition(MachinePackage pkg) {
        return pkg.driveList().stream().anyMatch(d -> d.has("compose") && !d.get("compose").hasNonNull("result"));
    }

    /**
     * Returns the package with every pending composition built (the input is not changed). Until the composer is
     * available this fails with an error naming the drive.
     */
    public MachinePackage materialiseCompositions(MachinePackage pkg, Consumer<String> status) {
        if (!needsComposition(pkg)) return pkg;
        for (ObjectNode d : pkg.driveList()) {
            JsonNode c = d.get("compose");
            if (c != null && !c.hasNonNull("result")) {
                throw new CartiException(CartiException.Kind.FAILED, "drive '" + MachinePackage.text(d, "label") + "' is a composition of "
                        + c.path("inputs").size() + " bundles, and drive composition is not available in this build yet");
            }
        }
        return pkg;
    }
}
