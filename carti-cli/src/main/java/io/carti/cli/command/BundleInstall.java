package io.carti.cli.command;

import io.carti.cli.Context;
import io.carti.cli.Picker;
import io.carti.cli.Progress;
import io.carti.core.bundle.Bundle;
import io.carti.core.install.Installer;
import io.carti.core.install.NetConfig;
import io.carti.core.install.StoreLock;
import java.util.List;

/** The install step shared by {@code install} and {@code get}: resolve a reference, pick, lock the store, install. */
final class BundleInstall {
    private BundleInstall() {}

    static Installer.Installed run(Context ctx, String ref, boolean yes, boolean global, boolean force, boolean noProgress) {
        Progress progress = Progress.forConsole(ctx.console(), noProgress);
        Installer installer = new Installer(ctx.layout(), NetConfig.from(ctx.env(), ctx.options().offline), progress);
        List<Bundle> candidates = installer.candidates(ref);
        if (candidates.isEmpty()) throw Installer.notFound(ref);
        Bundle b = new Picker(ctx.console()).pick("Which bundle would you like to install", candidates, yes,
                c -> c.describe(c.uri() != null ? c.uri() : "uninstalled"));
        installer.checkReachable(b, global, force);
        if (!noProgress) ctx.console().status("Installing bundle " + b.name());
        try (StoreLock l = Installer.lock(ctx.layout(), global, "carti install " + ref, progress)) {
            Installer.Installed i = installer.install(b, global, force);
            if (!i.fetched() && !noProgress) ctx.console().status("already installed: " + b.name() + " at " + i.path());
            return i;
        }
    }
}
