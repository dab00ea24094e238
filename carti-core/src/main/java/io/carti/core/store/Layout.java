package io.carti.core.store;

import io.carti.core.CartiEnv;
import java.nio.file.Path;

/**
 * Every path upstream carti uses, computed from one {@link CartiEnv} (§2 of the behaviour contract).
 * No other class builds these paths.
 */
public record Layout(CartiEnv env) {
    public Path project() { return env.cwd(); }

    public Path localStoreDir() { return env.cwd().resolve("carti_bundles"); }

    public Path localIndexDir() { return localStoreDir().resolve(".carti"); }

    public Path cartiHome() { return env.cartiHome(); }

    public Path globalStoreDir() { return env.cartiHome().resolve("carti_bundles"); }

    public Path globalIndexDir() { return globalStoreDir().resolve(".carti-disk"); }

    /** The repo listing cache lives directly in {@code ~/.carti}. */
    public Path repoCacheDir() { return env.cartiHome(); }

    /** {@code carti login}'s registry credentials (Docker's {@code auths} shape, mode 0600). */
    public Path authJson() { return env.cartiHome().resolve("auth.json"); }

    public Path bundlesJson() { return env.cwd().resolve("bundles.json"); }

    public Path machinePackage() { return env.cwd().resolve("carti-machine-package.json"); }

    public Path machineConfigLua() { return env.cwd().resolve("machine-config.lua"); }

    public Path runConfigLua() { return env.cwd().resolve("run-config.lua"); }

    public Path buildBundlesDir() { return env.cwd().resolve("carti_build").resolve("bundles"); }

    public BundleStore localStore() { return new BundleStore(localStoreDir()); }

    public BundleStore globalStore() { return new BundleStore(globalStoreDir()); }

    public BundleIndex localIndex() { return new BundleIndex(localIndexDir()); }

    public BundleIndex globalIndex() { return new BundleIndex(globalIndexDir()); }

    public BundleIndex repoCache() { return new BundleIndex(repoCacheDir()); }

    public BundleStore store(boolean global) { return global ? globalStore() : localStore(); }

    public BundleIndex installedIndex(boolean global) { return global ? globalIndex() : localIndex(); }
}
