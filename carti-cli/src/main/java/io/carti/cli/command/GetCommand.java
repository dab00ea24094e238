package io.carti.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.cli.BaseCommand;
import io.carti.core.bundle.Bundle;
import io.carti.core.json.Json;
import io.carti.core.store.InstalledBundles;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", sortOptions = false,
        description = "Print where a bundle is (<name>:<id>:<version>:<path>), installing it first when it is not installed.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti get -y dapp-data                   # installs it first when needed", "  cp \"$(carti get -p -y dapp-data)\" /tmp/", "  carti get -r -y dapp-data"})
public final class GetCommand extends BaseCommand {
    boolean help;

    @Parameters(paramLabel = "<name>", description = "Bundle name.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Use the first match, never prompt.")
    boolean yes;

    @Option(names = {"-p", "--path"}, description = "Print the absolute path only.")
    boolean path;

    @Option(names = {"-r", "--relpath"}, description = "Print the path relative to the current directory (wins over -p).")
    boolean relpath;

    @Option(names = {"-g", "--global"}, description = "Look in (and install into) the global store only.")
    boolean global;

    @Option(names = {"-n", "--noprogress"}, description = "Do not show download progress.")
    boolean noProgress;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override protected int run() {
        InstalledBundles installed = new InstalledBundles(layout());
        List<Bundle> candidates = installed.getCandidates(name, global);
        List<Bundle> chosen;
        if (candidates.isEmpty()) {
            // §3.4: not installed yet → install it (same prompt and -y rules as 'install'), then show it
            chosen = List.of(BundleInstall.run(ctx(), name, yes, global, false, noProgress).bundle());
        } else {
            chosen = yes ? List.of(candidates.get(0)) : candidates;
        }
        if (json) {
            ArrayNode a = Json.array();
            for (Bundle b : chosen) {
                InstalledBundles.Located l = installed.resolveForGet(b, global);
                ObjectNode o = b.toJson();
                o.put("scope", l.scope().name().toLowerCase());
                o.put("path", l.path().toString());
                a.add(o);
            }
            console().println(Json.pretty(a));
            return 0;
        }
        for (Bundle b : chosen) console().println(render(installed.resolveForGet(b, global)));
        return 0;
    }

    private String render(InstalledBundles.Located l) {
        if (relpath) return ctx().env().cwd().relativize(l.path()).toString();
        if (path) return l.path().toString();
        return WhichCommand.line(l);
    }
}
