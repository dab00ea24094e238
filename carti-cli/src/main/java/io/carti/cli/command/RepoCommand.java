package io.carti.cli.command;

import io.carti.cli.command.repo.RepoAddCommand;
import io.carti.cli.command.repo.RepoListCommand;
import io.carti.cli.command.repo.RepoRmCommand;
import io.carti.cli.command.repo.RepoUpdateCommand;
import io.carti.cli.ParentCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repo", sortOptions = false,
        description = "Manage the repos whose bundles.json listings 'install', 'get' and 'machine install' resolve bundles from. "
                + "A repo is any git URL (https, ssh, git://, file://), a local git repository or directory, "
                + "or an http(s) URL of a bundles.json file.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti repo add https://github.com/createdreamtech/carti-default",
                "  carti repo add https://github.com/me/bundles/tree/v2        # a branch, tag or commit",
                "  carti repo add git@gitlab.com:me/bundles.git#main",
                "  carti repo add ../my-project                                 # its bundles.json",
                "  carti repo update                                            # refresh every repo",
                "  carti repo list"})
public final class RepoCommand implements Runnable, ParentCommand {
    private static final Map<String, Class<?>> SUBCOMMANDS = ParentCommand.table(
            "add", RepoAddCommand.class,
            "list", RepoListCommand.class,
            "update", RepoUpdateCommand.class,
            "rm", RepoRmCommand.class);

    @Override public Map<String, Class<?>> subcommands() { return SUBCOMMANDS; }

    boolean help;

    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (add, list, update or rm)");
    }
}
