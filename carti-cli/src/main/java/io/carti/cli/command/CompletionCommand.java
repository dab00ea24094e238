package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.cli.Main;
import io.carti.core.CartiException;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", description = "Print a shell completion script for bash or zsh.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(carti completion bash)         # bash, current shell",
                "  carti completion bash > ~/.local/share/bash-completion/completions/carti",
                "  autoload -U +X bashcompinit && bashcompinit; source <(carti completion zsh)   # zsh"})
public final class CompletionCommand extends BaseCommand {
    @Parameters(paramLabel = "<shell>", description = "bash | zsh")
    String shell;

    @Override protected int run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "unsupported shell '" + shell + "' (expected bash or zsh)");
        }
        // picocli's script works in bash, and in zsh through bashcompinit
        console().out().print(AutoComplete.bash("carti", Main.commandLine(ctx())));
        return 0;
    }
}
