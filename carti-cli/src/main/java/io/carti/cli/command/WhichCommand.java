package io.carti.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.BaseCommand;
import io.carti.core.json.Json;
import io.carti.core.store.InstalledBundles;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "which", description = "Print where an installed bundle is: <name>:<id>:<version>:<path>, local store first, then global.",
        footerHeading = "%nExamples:%n", footer = {"  carti which dapp-data", "  carti which --json dapp-data | jq -r '.[0].path'"})
public final class WhichCommand extends BaseCommand {
    @Parameters(paramLabel = "<name>", description = "Bundle name.")
    String name;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override protected int run() {
        List<InstalledBundles.Located> found = new InstalledBundles(layout()).which(name);
        if (json) {
            console().println(Json.pretty(toJson(found)));
            return 0;
        }
        for (InstalledBundles.Located l : found) console().println(line(l));
        return 0;
    }

    static String line(InstalledBundles.Located l) {
        return l.bundle().name() + ":" + l.bundle().id() + ":" + l.bundle().version() + ":" + l.path();
    }

    static ArrayNode toJson(List<InstalledBundles.Located> found) {
        ArrayNode a = Json.array();
        for (InstalledBundles.Located l : found) {
            ObjectNode o = l.bundle().toJson();
            o.put("scope", l.scope().name().toLowerCase());
            o.put("path", l.path().toString());
            a.add(o);
        }
        return a;
    }
}
