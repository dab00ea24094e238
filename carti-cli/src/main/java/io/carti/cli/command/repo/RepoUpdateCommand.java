package io.carti.cli.command.repo;

import io.carti.cli.BaseCommand;
import io.carti.core.CartiException;
import io.carti.core.repo.Repos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Refresh one repo's listing, or every repo's when none is named. "
        + "A repo that fails keeps its last good listing; the command names it and fails.",
        footerHeading = "%nExamples:%n", footer = {"  carti repo update", "  carti repo update https://github.com/createdreamtech/carti-default"})
public final class RepoUpdateCommand extends BaseCommand {
    boolean help;

    @Parameters(paramLabel = "<src>", arity = "0..1", description = "The repo to refresh (default: all).")
    String src;

    @Override protected int run() {
        Repos repos = RepoSupport.repos(ctx(), console());
        if (src != null) {
            console().status("updated repo " + RepoSupport.describe(repos.add(src)));
            return 0;
        }
        Repos.UpdateReport r = repos.updateAll();
        for (Repos.Fetched f : r.updated()) console().status("updated repo " + RepoSupport.describe(f));
        if (r.failed().isEmpty()) return 0;
        for (Repos.Failure f : r.failed()) console().error("repo " + f.key() + " was not updated (its cached listing is kept): " + f.message().replace("\n", "; "));
        throw new CartiException(r.failed().size() + " of " + (r.failed().size() + r.updated().size()) + " repos could not be updated");
    }
}
