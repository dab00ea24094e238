package io.carti.cli.command.repo;

import io.carti.cli.Console;
import io.carti.cli.Context;
import io.carti.cli.Progress;
import io.carti.core.install.NetConfig;
import io.carti.core.repo.Repos;

/** Builds the {@link Repos} service for a repo command. */
final class RepoSupport {
    private RepoSupport() {}

    static Repos repos(Context ctx, Console console) {
        return new Repos(ctx.layout(), NetConfig.from(ctx.env(), ctx.options().offline), Progress.forConsole(console, false));
    }

    static String describe(Repos.Fetched f) {
        return f.key() + " (" + f.bundles().size() + (f.bundles().size() == 1 ? " bundle" : " bundles")
                + (f.commit() != null ? ", commit " + f.commit().substring(0, 12) : "") + ")";
    }
}
