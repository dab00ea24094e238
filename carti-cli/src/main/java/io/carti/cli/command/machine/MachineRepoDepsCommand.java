package io.carti.cli.command.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.machine.MachinePackage;
import io.carti.core.store.BundleIndex;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "deps", description = "Print the known repos (from 'carti repo add') that list the package's assets, comma separated.",
        footerHeading = "%nExamples:%n", footer = {"  carti machine repo deps", "  carti machine repo add \"$(carti machine repo deps)\""})
public final class MachineRepoDepsCommand extends MachineLeafCommand {
    @Override protected int execute() {
        MachinePackage pkg = MachinePackage.load(layout().machinePackage());
        BundleIndex cache = layout().repoCache();
        Set<String> origins = new LinkedHashSet<>();
        for (JsonNode a : pkg.assets()) {
            String cid = a.path("cid").asText(null);
            if (cid != null) origins.addAll(cache.originsOf(cid));
        }
        console().println(String.join(",", origins));
        return 0;
    }
}
