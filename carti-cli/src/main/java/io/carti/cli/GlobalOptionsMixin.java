package io.carti.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --debug} and {@code --offline}, accepted anywhere on the command line. */
public final class GlobalOptionsMixin {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    private GlobalOptions target() {
        Object root = mixee.root().userObject();
        return root instanceof Main.Root r ? r.ctx.options() : new GlobalOptions();
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces for errors.")
    void debug(boolean v) { target().debug = v; }

    @Option(names = "--offline", scope = ScopeType.INHERIT,
            description = "No network access: use only the bundle stores and cached listings.")
    void offline(boolean v) { target().offline = v; }
}
