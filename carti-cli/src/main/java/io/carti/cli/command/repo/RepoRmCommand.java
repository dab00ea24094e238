package io.carti.cli.command.repo;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", aliases = "remove", description = "Forget a repo and its cached listing (a repo that was never added is no error).",
        footerHeading = "%nExamples:%n", footer = {"  carti repo rm https://github.com/createdreamtech/carti-default", "  carti repo rm ../my-project"})
public final class RepoRmCommand extends BaseCommand {
    boolean help;

    @Parameters(paramLabel = "<src>", description = "The repo, as given to 'repo add' (see 'carti repo list').")
    String src;

    @Override protected int run() {
        boolean known = RepoSupport.repos(ctx(), console()).remove(src);
        console().status(known ? "removed repo " + src : "repo " + src + " was not added; nothing to remove");
        return 0;
    }
}
