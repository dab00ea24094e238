package io.carti.cli.command.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.CartiEnv;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.json.Json;
import io.carti.core.store.BundleStore;
import io.carti.core.store.Layout;
import io.carti.core.testing.Fixtures;
import io.carti.core.transport.s3.S3TestServer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** publish s3 in real carti processes: memory bound, start-up cost, and the full round trip to another home. */
class PublishS3ProcessTest {
    static final String DAPP_CID = "baenrwic6ybfsdmdtm52fhgbeip6ndoi3e62bonaadmotji4x6vvdpedt3m";

    static final String ZEROS_2GIB_CID = "baenrwibpodkr7b66ioccdmbx6trvnbfebxh5gupah4uimkbbn7jyomwgd4";

    @TempDir Path tmp;

    @Test void aTwoGibSparseBundlePublishesUnder128MibOfHeap() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("proj"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        long size = 2L << 30;
        // a sparse file put straight into the local store (bundling would write 2 GiB of zeros to disk)
        Path sparse = cwd.resolve("big.img");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) { f.setLength(size); }
        // CidHasher.hash of 2 GiB of zeros, computed once: hashing 2 GiB again here would double the test's time
        Cid cid = Cid.parse(ZEROS_2GIB_CID);
        Layout layout = new Layout(CartiEnv.of(cwd, home, Map.of()));
        BundleStore store = layout.localStore();
        Files.createDirectories(store.dir(cid));
        Path stored = Files.move(sparse, store.dir(cid).resolve("big.img"));
        Bundle b = Bundle.of("flashdrive", "big", "big.img", cid, "1.0.0", stored.toString());
        store.writeMeta(cid, b.toJson());
        layout.localIndex().put(stored.toString(), List.of(b));

        try (S3TestServer server = S3TestServer.startDiscarding(tmp.resolve("s3")).bucket("big")) {
            ChildCarti.Result r = ChildCarti.run(cwd, home, server.env(), List.of("-Xmx128m"),
                    "publish", "s3", "-y", "big", "--bucket", "big");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("published to s3:big\n");
            assertThat(r.err()).doesNotContain("OutOfMemoryError");
            HeadObjectResponse head = headIndependently(server, "big", cid.toString());
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.metadata()).containsEntry("carti-cid", cid.toString());
            assertThat(Files.readString(cwd.resolve("bundles.json"))).contains("\"uri\": \"s3://big/" + cid + "\"");
        }
    }

    @Test void publishInOneHomeThenRepoAddAndInstallInAnother() throws Exception {
        Path cwdA = Files.createDirectories(tmp.resolve("a"));
        Path homeA = Files.createDirectories(tmp.resolve("home-a"));
        Path cwdB = Files.createDirectories(tmp.resolve("b"));
        Path homeB = Files.createDirectories(tmp.resolve("home-b"));
        try (S3TestServer server = S3TestServer.start(tmp.resolve("s3")).bucket("team")) {
            git(cwdA, "init", "-q", "-b", "main");
            CliHarness a = new CliHarness(cwdA, homeA);
            server.env().forEach(a::env);
            assertThat(a.run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                    Fixtures.path("dapp-test-data.ext2").toString()).exit()).isZero();
            CliHarness.Result pub = a.run("publish", "s3", "-y", "--commit", "dapp-test-data", "--bucket", "team");
            assertThat(pub.exit()).as(pub.toString()).isZero();
            assertThat(git(cwdA, "log", "-1", "--format=%s")).startsWith("publish dapp-test-data 1.0.0");

            // the second home knows the listing only through git, and the bucket only through its environment
            CliHarness b = new CliHarness(cwdB, homeB);
            CliHarness.Result add = b.run("repo", "add", cwdA.toUri().toString());
            assertThat(add.exit()).as(add.toString()).isZero();
            ChildCarti.Result install = ChildCarti.run(cwdB, homeB, server.env(), List.of(), "install", "-y", "dapp-test-data");
            assertThat(install.exit()).as(install.toString()).isZero();
            Path installed = cwdB.resolve("carti_bundles").resolve(DAPP_CID).resolve("dapp-test-data.ext2");
            assertThat(installed).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
            assertThat(Json.parse(Files.readString(installed.resolveSibling("carti-meta.json")), "meta").get("uri").asText())
                    .isEqualTo("s3://team/" + DAPP_CID);
        }
    }

    @Test void noCredentialsAnywhereIsAClearError() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("nocreds"));
        Path home = Files.createDirectories(tmp.resolve("nocreds-home")); // no ~/.aws; ChildCarti drops AWS_* variables
        assertThat(new CliHarness(cwd, home).run("bundle", "-t", "rom", "-n", "rom", "-v", "1", "-d", "x",
                Fixtures.path("rom.bin").toString()).exit()).isZero();
        try (S3TestServer server = S3TestServer.start(tmp.resolve("s3")).bucket("b")) {
            ChildCarti.Result r = ChildCarti.run(cwd, home, Map.of("AWS_ENDPOINT_URL", server.endpoint().toString(),
                    "AWS_EC2_METADATA_DISABLED", "true"), List.of(), "publish", "s3", "-y", "rom", "--bucket", "b");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("error: cannot upload rom to s3://b/").contains("no AWS credentials found");
            assertThat(cwd.resolve("bundles.json")).doesNotExist();
        }
    }

    @Test void commandsOtherThanPublishS3NeverLoadTheAwsSdk() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("p"));
        Path home = Files.createDirectories(tmp.resolve("h"));
        for (String[] args : List.of(new String[] {"list"}, new String[] {"publish", "s3", "--help"},
                new String[] {"publish", "uri", "-y", "nothing", "https://x"})) {
            ChildCarti.Result r = ChildCarti.run(cwd, home, Map.of(), List.of("-verbose:class"), args);
            assertThat(r.out()).as(String.join(" ", args)).contains("io.carti.cli.Main").doesNotContain("software.amazon");
        }
    }

    private static HeadObjectResponse headIndependently(S3TestServer server, String bucket, String key) {
        try (S3Client c = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build()) {
            return c.headObject(r -> r.bucket(bucket).key(key));
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
