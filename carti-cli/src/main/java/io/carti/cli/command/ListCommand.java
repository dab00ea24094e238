package io.carti.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.BaseCommand;
import io.carti.core.json.Json;
import io.carti.core.store.InstalledBundles;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List installed bundles as @<type>/<name>:<version>:<id>:<local|global>; --all adds every bundle of the added repos.",
        footerHeading = "%nExamples:%n", footer = {"  carti list", "  carti list --all", "  carti list --json"})
public final class ListCommand extends BaseCommand {
    @Option(names = "--all", description = "Also list the bundles of every added repo (tagged with their uri).")
    boolean all;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override protected int run() {
        List<InstalledBundles.Listed> items = new InstalledBundles(layout()).list(all);
        if (json) {
            ArrayNode a = Json.array();
            for (InstalledBundles.Listed l : items) {
                ObjectNode o = l.bundle().toJson();
                o.put("tag", l.tag());
                a.add(o);
            }
            console().println(Json.pretty(a));
            return 0;
        }
        // B26: newline-separated (upstream joined with CRLF); an empty list still prints one empty line
        StringBuilder lines = new StringBuilder();
        for (InstalledBundles.Listed l : items) lines.append(lines.length() == 0 ? "" : "\n").append(l.bundle().describe(l.tag()));
        console().println(lines.toString());
        return 0;
    }
}
