package io.carti.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.cli.CliHarness;
import io.carti.core.CartiEnv;
import io.carti.core.cid.Cid;
import io.carti.core.install.ProgressListener;
import io.carti.core.install.StoreLock;
import io.carti.core.install.TestHttpServer;
import io.carti.core.json.Json;
import io.carti.core.store.Layout;
import io.carti.core.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs run as separate carti processes (child JVMs): memory bound, store lock, concurrent writers, resume after a kill. */
class InstallProcessesTest {
    static final String ROM = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";
    /** CID of 4 GiB of zero bytes (computed once with carti's CidHasher, which is checked against upstream's vectors). */
    static final String ZEROS_4GIB = "baenrwidwjklkbanznsyyxwu5psqnb3bbt6usob6o2zuyczz4pvch3ippj4";

    @TempDir Path proj;
    @TempDir Path home;
    @TempDir Path repo;

    Process carti(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.carti.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(proj.toFile());
        pb.environment().put("CARTI_HOME", home.resolve(".carti").toString());
        return pb.start();
    }

    static String entry(String type, String name, String file, String cid, String uri) {
        return "{\"bundleType\":\"" + type + "\",\"name\":\"" + name + "\",\"fileName\":\"" + file + "\",\"id\":\"" + cid
                + "\",\"version\":\"1.0.0\",\"uri\":\"" + uri + "\"}";
    }

    void listing(String... entries) throws Exception {
        Files.writeString(repo.resolve("bundles.json"), "{\"bundles\":[" + String.join(",", entries) + "]}");
        CliHarness.Result r = new CliHarness(proj, home).run("repo", "add", repo.toString()); // in-process: same home
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    static String finish(Process p) throws Exception {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
        String all = "exit=" + p.exitValue() + "\n" + out.get() + err.get();
        assertThat(p.exitValue()).as(all).isZero();
        return all;
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test void aFourGibBundleInstallsUnderA128MibHeap() throws Exception {
        Path big = repo.resolve("zeros.img");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(4L << 30); // sparse: no disk blocks
        }
        listing(entry("flashdrive", "big", "zeros.img", ZEROS_4GIB, big.toString()));
        finish(carti("install", "-n", "big"));
        Path installed = proj.resolve("carti_bundles").resolve(ZEROS_4GIB).resolve("zeros.img");
        assertThat(Files.size(installed)).isEqualTo(4L << 30);
    }

    @Test void anInstallWaitsForTheStoreLockAndSaysWhoHoldsIt() throws Exception {
        listing(entry("rom", "rom", "rom.bin", ROM, Fixtures.path("rom.bin").toString()));
        Layout layout = new Layout(CartiEnv.of(proj, home, Map.of()));
        Process p;
        List<String> lines = new CopyOnWriteArrayList<>();
        try (StoreLock held = StoreLock.acquire(layout.localStoreDir(), "a test holding the lock", ProgressListener.NONE)) {
            p = carti("install", "rom");
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> err.lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines.stream().noneMatch(l -> l.contains("waiting for lock")) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(lines).anyMatch(l -> l.equals("- waiting for lock held by pid " + ProcessHandle.current().pid()
                    + " (a test holding the lock) on " + layout.localStoreDir()));
            Thread.sleep(300);
            assertThat(p.isAlive()).as("it waits while the lock is held").isTrue();
            assertThat(layout.localStore().exists(Cid.parse(ROM))).isFalse();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(proj.resolve("carti_bundles").resolve(ROM).resolve("rom.bin")).hasContent("fakerom");
        assertThat(proj.resolve("carti_bundles").resolve(StoreLock.FILE)).doesNotExist();
    }

    @Test void concurrentInstallsIntoOneStoreNeverCorruptIt() throws Exception {
        byte[] a = new byte[8 << 20];
        byte[] b = new byte[8 << 20];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        Files.write(repo.resolve("a.bin"), a);
        Files.write(repo.resolve("b.bin"), b);
        String ca = Cid.of(a).toString();
        String cb = Cid.of(b).toString();
        listing(entry("raw", "a", "a.bin", ca, repo.resolve("a.bin").toString()),
                entry("raw", "b", "b.bin", cb, repo.resolve("b.bin").toString()),
                entry("rom", "rom", "rom.bin", ROM, Fixtures.path("rom.bin").toString()));
        List<Process> ps = List.of(carti("install", "a"), carti("install", "b"), carti("get", "-y", "rom"));
        for (Process p : ps) finish(p);

        Path store = proj.resolve("carti_bundles");
        assertThat(Files.readAllBytes(store.resolve(ca).resolve("a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(store.resolve(cb).resolve("b.bin"))).isEqualTo(b);
        assertThat(store.resolve(ROM).resolve("rom.bin")).hasContent("fakerom");
        JsonNode index = Json.readIfExists(store.resolve(".carti/.bundles_index.json"));
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.has(store.resolve(ca).resolve("a.bin").toString())).isTrue();
        assertThat(index.has(store.resolve(cb).resolve("b.bin").toString())).isTrue();
        assertThat(index.has(store.resolve(ROM).resolve("rom.bin").toString())).isTrue();
        try (var files = Files.list(store)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).toList()).isEmpty();
        }
        // upstream wrote no lock files: the last holder deletes it (the waiters started over on a fresh one)
        assertThat(store.resolve(StoreLock.FILE)).doesNotExist();
        assertThat(home.resolve(".carti").resolve(StoreLock.FILE)).doesNotExist();
    }

    @Test void aKilledInstallLeavesAPartialThatTheNextRunContinuesWithRangeAndIfRange() throws Exception {
        byte[] data = new byte[12 << 20];
        new Random(3).nextBytes(data);
        String cid = Cid.of(data).toString();
        Path partial = proj.resolve("carti_bundles").resolve(".carti-partial").resolve(cid + ".part");
        try (TestHttpServer http = TestHttpServer.start()) {
            http.serve("/big.bin", data, TestHttpServer.throttled(1 << 20), TestHttpServer.ok()); // first run: ~12 s at 1 MiB/s, killed after ~3
            listing(entry("raw", "big", "big.bin", cid, http.url("/big.bin")));

            Process first = carti("install", "big");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(partial) && Files.size(partial) >= (2 << 20)) && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(first.isAlive()).as("the first run is still downloading").isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long kept = Files.size(partial);
            assertThat(kept).isBetween(2L << 20, data.length - 1L);
            assertThat(Files.readAllBytes(partial)).isEqualTo(java.util.Arrays.copyOf(data, (int) kept));
            assertThat(proj.resolve("carti_bundles").resolve(cid)).as("a partial is never an installed bundle").doesNotExist();

            String second = finish(carti("install", "big"));
            List<TestHttpServer.Seen> reqs = http.requests("/big.bin");
            assertThat(reqs).hasSize(2);
            assertThat(reqs.get(0).range()).isNull();
            assertThat(reqs.get(1).range()).isEqualTo("bytes=" + kept + "-");
            assertThat(reqs.get(1).ifRange()).as("the validator the first run recorded").isNotNull().startsWith("\"");
            assertThat(second).contains("- resuming big at byte " + kept + " (a partial download from an earlier run)");
        }
        Path installed = proj.resolve("carti_bundles").resolve(cid).resolve("big.bin");
        assertThat(Files.readAllBytes(installed)).isEqualTo(data);
        assertThat(partial.getParent()).as("the partial is cleaned up").doesNotExist();
        JsonNode index = Json.readIfExists(proj.resolve("carti_bundles/.carti/.bundles_index.json"));
        assertThat(index.has(installed.toString())).isTrue();
    }
}
