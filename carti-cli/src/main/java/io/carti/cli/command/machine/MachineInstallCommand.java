package io.carti.cli.command.machine;

import io.carti.cli.Progress;
import io.carti.core.install.Installer;
import io.carti.core.install.MachineInstaller;
import io.carti.core.install.NetConfig;
import io.carti.core.install.StoreLock;
import io.carti.core.machine.MachineBuild;
import io.carti.core.machine.MachineConfigs;
import io.carti.core.machine.MachinePackage;
import io.carti.core.machine.Target;
import io.carti.core.store.AtomicFiles;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", sortOptions = false,
        description = {"Install a machine package: add its repos, install every bundle it names (verified against its CID, "
                + "several at a time), copy them into ./carti_build/bundles and write ./machine-config.lua.",
                "Bundles already in the store are not downloaded again. Nothing is created when an asset cannot be resolved."},
        footerHeading = "%nExamples:%n",
        footer = {"  carti machine install ../other-project/carti-machine-package.json",
                "  carti machine install -g --nobundle --nobuild https://raw.githubusercontent.com/createdreamtech/carti-default/main/carti-machine-package.json",
                "  carti machine install -j 8 -s https://example.com/my-machine/carti-machine-package.json",
                "  carti --offline machine install carti-machine-package.json   # stores and cached listings only"})
public final class MachineInstallCommand extends MachineLeafCommand {
    boolean help;

    @Parameters(paramLabel = "<uri>", description = "Path or http(s) URL of a carti-machine-package.json.")
    String uri;

    @Option(names = "--nobuild", description = "Do not write ./machine-config.lua.")
    boolean noBuild;

    @Option(names = "--nobundle", description = "Do not copy the bundles into ./carti_build/bundles.")
    boolean noBundle;

    @Option(names = "--norepo", description = "Do not add the package's repos.")
    boolean noRepo;

    @Option(names = {"-s", "--save"}, description = "Save the package as ./carti-machine-package.json (replacing the current one).")
    boolean save;

    @Option(names = {"-g", "--global"}, description = "Install missing bundles into the global store ~/.carti/carti_bundles.")
    boolean global;

    @Option(names = {"-j", "--jobs"}, paramLabel = "<n>", defaultValue = "4", description = "Downloads at a time (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = {"-n", "--noprogress"}, description = "No progress output.")
    boolean noProgress;

    @Override protected int execute() {
        if (jobs < 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--jobs must be at least 1");
        Progress progress = Progress.forConsole(console(), noProgress);
        MachineInstaller mi = new MachineInstaller(layout(), NetConfig.from(ctx().env(), ctx().options().offline), progress);
        MachineInstaller.Loaded loaded = mi.load(uri);
        if (save) save(loaded);
        if (!noRepo) mi.addRepos(loaded, console()::status);
        MachinePackage pkg = loaded.pkg();
        List<MachineInstaller.Resolved> assets = mi.resolve(pkg);
        List<Installer.Installed> installed;
        try (StoreLock l = Installer.lock(layout(), global, "carti machine install " + uri, progress)) {
            installed = mi.install(assets, global, jobs, noProgress ? s -> { } : console()::status);
        }
        // compositions are built before the copy, so that composed drives land in carti_build/bundles too
        if (!noBuild || !noBundle) pkg = new MachineBuild(layout()).materialiseCompositions(pkg, console()::status);
        if (!noBundle) mi.populateBuildDir(mi.withComposedImages(installed, pkg));
        if (!noBuild) {
            String lua = MachineConfigs.renderLua(pkg, MachineConfigs.DEFAULT_BASE, Target.V0_7, uri);
            AtomicFiles.writeString(layout().machineConfigLua(), lua);
        }
        console().println(console().magenta("Successful") + " machine installed");
        return 0;
    }

    /** B25: upstream overwrote the project's package silently; carti says so when the content changes. */
    private void save(MachineInstaller.Loaded loaded) {
        var file = layout().machinePackage();
        String text = loaded.pkg().toJson();
        try {
            if (Files.exists(file) && !Files.readString(file).equals(text)) console().warn("replacing " + file + " with the package from " + uri);
        } catch (java.io.IOException ignored) { /* unreadable: it is replaced anyway */ }
        loaded.pkg().save(file);
    }
}
