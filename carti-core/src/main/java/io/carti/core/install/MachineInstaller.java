package io.carti.core.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.cid.HashWarmUp;
import io.carti.core.machine.MachinePackage;
import io.carti.core.repo.RepoLocation;
import io.carti.core.repo.Repos;
import io.carti.core.store.AtomicFiles;
import io.carti.core.store.BundleStore;
import io.carti.core.store.Layout;
import io.carti.core.transport.HttpSource;
import io.carti.core.transport.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code machine install} (§3.13): load a package (file or URL), add its repos, resolve every asset by CID
 * (repo listings, then the local and global installed indexes, B25), install the missing ones in parallel, and
 * fill {@code carti_build/bundles}. Every asset is resolved before anything is downloaded or created, so an
 * unresolvable package changes nothing on disk (B25).
 */
public final class MachineInstaller {
    private final Layout layout;
    private final NetConfig net;
    private final ProgressListener progress;
    private final Installer installer;

    public MachineInstaller(Layout layout, NetConfig net, ProgressListener progress) {
        this.layout = layout;
        this.net = net;
        this.progress = progress;
        this.installer = new Installer(layout, net, progress);
        HashWarmUp.startInBackground();
    }

    /** A loaded package and the directory relative repo paths are resolved against (null for a URL). */
    public record Loaded(MachinePackage pkg, String text, Path baseDir) {}

    /** One asset and the listing entry it resolved to. */
    public record Resolved(JsonNode asset, Bundle bundle) {}

    /** Reads a package from a path (relative to the project) or an http(s) URL, schema-checked. */
    public Loaded load(String uri) {
        String scheme = Transports.scheme(uri);
        if (scheme.equals("http") || scheme.equals("https")) {
            if (net.offline()) throw new CartiException(CartiException.Kind.NETWORK, "--offline forbids fetching the package " + uri);
            HttpSource http = new HttpSource(net.connectTimeout(), net.readTimeout());
            try (InputStream in = http.open(uri, null, 0)) {
                String text = new String(in.readNBytes(64 << 20), StandardCharsets.UTF_8);
                return new Loaded(MachinePackage.parse(text, uri), text, null);
            } catch (IOException e) {
                throw new CartiException(CartiException.Kind.NETWORK, "Could not process package file from " + uri + ": " + e.getMessage(), e);
            }
        }
        Path file = uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : layout.env().resolve(uri);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new Loaded(MachinePackage.parse(text, file.toString()), text, file.getParent());
        } catch (NoSuchFileException e) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "no machine package at " + file);
        } catch (IOException e) {
            throw new CartiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the package's repos that the cache does not know yet. {@code say} receives upstream's lines
     * ({@code adding repo: …}, {@code skipping adding repo, already knows repo: …},
     * {@code skipping, could not add … cause: …}). Relative repo paths are relative to the package file (B25).
     */
    public void addRepos(Loaded loaded, Consumer<String> say) {
        if (loaded.pkg().repos().isEmpty()) return;
        Repos repos = new Repos(layout, net, progress);
        for (JsonNode r : loaded.pkg().repos().get()) {
            String repo = r.asText();
            String src = !RepoLocation.isUrl(repo) && loaded.baseDir() != null ? loaded.baseDir().resolve(repo).normalize().toString() : repo;
            if (repos.knows(src)) {
                say.accept("skipping adding repo, already knows repo: " + repo);
                continue;
            }
            try {
                repos.add(src);
                say.accept("adding repo: " + repo);
            } catch (CartiException e) {
                say.accept("skipping, could not add " + repo + " cause: " + e.getMessage().replace("\n", "; "));
            }
        }
    }

    /** Resolves every asset, or fails naming the first that no listing or index knows. */
    public List<Resolved> resolve(MachinePackage pkg) {
        List<Resolved> out = new ArrayList<>();
        for (JsonNode a : pkg.assets()) {
            String cid = a.path("cid").asText();
            List<Bundle> candidates = installer.sameId(cid);
            if (candidates.isEmpty()) {
                throw new CartiException(CartiException.Kind.NOT_FOUND, "Could not resolve bundle for id:" + cid + " name:"
                        + a.path("name").asText() + " try adding the repo");
            }
            Bundle b = candidates.get(0);
            installer.checkReachableOrThrow(b);
            out.add(new Resolved(a, b));
        }
        return out;
    }

    /**
     * Installs the resolved assets into the local (or global) store, {@code jobs} at a time; {@code say} gets
     * upstream's per-bundle lines. The caller holds the store lock. Fails with the first error once all are done.
     */
    public List<Installer.Installed> install(List<Resolved> assets, boolean global, int jobs, Consumer<String> say) {
        BundleStore target = layout.store(global);
        List<Installer.Installed> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, Math.max(1, assets.size()))), r -> {
            Thread t = new Thread(r, "carti-install");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Installer.Installed>> futures = new ArrayList<>();
            for (Resolved r : assets) {
                Bundle b = r.bundle();
                say.accept((target.file(b.cid()).isPresent() ? "Skipping install, found bundle: " : "Installing bundle: ") + b.name());
                futures.add(pool.submit(() -> installer.place(b, global, false)));
            }
            RuntimeException first = null;
            for (Future<Installer.Installed> f : futures) {
                try {
                    Installer.Installed i = f.get();
                    // in asset order, whatever order the downloads finished in; a bundle the store already had keeps
                    // its index entry as it is (upstream skipped it without touching the index)
                    if (i.fetched()) installer.record(i, global);
                    done.add(i);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof RuntimeException re ? re : new CartiException(e.getCause().toString(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CartiException("interrupted");
                }
            }
            if (first != null) throw first;
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code installed} plus the composed drive images {@code pkg} records ({@code compose.result}) that are not in
     * it: they are made locally by {@link io.carti.core.machine.MachineBuild#materialiseCompositions}, never
     * downloaded, and belong in {@code carti_build/bundles} like every other drive.
     */
    public List<Installer.Installed> withComposedImages(List<Installer.Installed> installed, MachinePackage pkg) {
        List<Installer.Installed> out = new ArrayList<>(installed);
        for (var d : pkg.driveList()) {
            String result = d.path("compose").path("result").asText(null);
            if (result == null || out.stream().anyMatch(i -> i.bundle().id().equals(result))) continue;
            Cid cid = Cid.parse(result);
            for (boolean global : new boolean[] {false, true}) {
                List<Bundle> listed = (global ? layout.globalIndex() : layout.localIndex()).byId(result);
                Optional<Path> file = layout.store(global).file(cid);
                if (!listed.isEmpty() && file.isPresent()) {
                    out.add(new Installer.Installed(listed.get(0), file.get(), false));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Copies installed bundles into {@code carti_build/bundles/<cid>/<fileName>} with their metadata: the mount
     * point of the Docker run ({@code carti docker}). Store entries were verified when they entered the store,
     * so this is a plain copy (a copy, not a link: a shared drive may be written by the emulator).
     */
    public void populateBuildDir(List<Installer.Installed> installed) {
        BundleStore build = new BundleStore(layout.buildBundlesDir());
        for (Installer.Installed i : installed) {
            Bundle b = i.bundle();
            Path target = build.dir(b.cid()).resolve(b.fileName());
            try {
                if (!Files.isRegularFile(target) || Files.size(target) != Files.size(i.path())) {
                    Path tmp = AtomicFiles.tempFileFor(target);
                    try {
                        Files.copy(i.path(), tmp, StandardCopyOption.REPLACE_EXISTING);
                        AtomicFiles.move(tmp, target);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
                build.writeMeta(b.cid(), b.toJson());
            } catch (IOException e) {
                throw new CartiException("cannot copy " + b.name() + " into " + layout.buildBundlesDir() + ": " + e.getMessage(), e);
            }
        }
    }
}
