package io.carti.cli.command.repo;

import io.carti.cli.BaseCommand;
import io.carti.core.repo.Repos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Fetch a repo's bundles.json and remember the repo (a repo added again is refreshed).",
        footerHeading = "%nExamples:%n",
        footer = {"  carti repo add https://github.com/createdreamtech/carti-default",
                "  carti repo add https://github.com/me/bundles/tree/dev",
                "  carti repo add file:///srv/git/bundles.git#v1.2.0",
                "  carti repo add https://example.com/carti/bundles.json",
                "  carti repo add ."})
public final class RepoAddCommand extends BaseCommand {
    boolean help;

    @Parameters(paramLabel = "<src>", description = "Git URL, local directory or git repository, or http(s) URL of a bundles.json.")
    String src;

    @Override protected int run() {
        Repos.Fetched f = RepoSupport.repos(ctx(), console()).add(src);
        console().status("added repo " + RepoSupport.describe(f));
        return 0;
    }
}
