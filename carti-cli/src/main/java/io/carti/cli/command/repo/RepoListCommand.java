package io.carti.cli.command.repo;

import io.carti.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(name = "list", description = "Print the added repos, one per line.",
        footerHeading = "%nExamples:%n", footer = {"  carti repo list"})
public final class RepoListCommand extends BaseCommand {
    boolean help;

    @Override protected int run() {
        for (String key : RepoSupport.repos(ctx(), console()).list()) console().println(console().green(key));
        return 0;
    }
}
