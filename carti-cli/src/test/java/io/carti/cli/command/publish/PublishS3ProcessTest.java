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
import io.carti.core.transport.s3.CurlS3;
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

    @Test void theDefaultCredentialChainReadsTheAwsFilesForPublishAndInstall() throws Exception {
        Path cwdA = Files.createDirectories(tmp.resolve("a"));
        Path homeA = Files.createDirectories(tmp.resolve("home-a"));
        Path cwdB = Files.createDirectories(tmp.resolve("b"));
        Path homeB = Files.createDirectories(tmp.resolve("home-b"));
        // no AWS_* keys anywhere: the publisher has a [default] profile, the installer a named read profile
        awsCredentials(homeA, "default");
        awsCredentials(homeB, "reader");
        assertThat(new CliHarness(cwdA, homeA).run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                Fixtures.path("dapp-test-data.ext2").toString()).exit()).isZero();
        try (S3TestServer server = S3TestServer.start(tmp.resolve("s3")).bucket("team")) {
            ChildCarti.Result pub = ChildCarti.run(cwdA, homeA, Map.of("HOME", homeA.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_ENDPOINT_URL", server.endpoint().toString()), List.of(), "publish", "s3", "-y", "dapp-test-data", "--bucket", "team");
            assertThat(pub.exit()).as(pub.toString()).isZero();
            Path fetched = tmp.resolve("fetched");
            CurlS3.get(server, "team", DAPP_CID, fetched);
            assertThat(fetched).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));

            assertThat(new CliHarness(cwdB, homeB).run("repo", "add", cwdA.toString()).exit()).isZero();
            ChildCarti.Result install = ChildCarti.run(cwdB, homeB, Map.of("HOME", homeB.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_PROFILE", "reader", "AWS_ENDPOINT_URL", server.endpoint().toString()), List.of(), "install", "-y", "dapp-test-data");
            assertThat(install.exit()).as(install.toString()).isZero();
            assertThat(cwdB.resolve("carti_bundles").resolve(DAPP_CID).resolve("dapp-test-data.ext2"))
                    .hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
        }
    }

    @Test void s3InstallFailuresAreOneClearLine() throws Exception {
        Path cwdA = Files.createDirectories(tmp.resolve("a"));
        Path cwdB = Files.createDirectories(tmp.resolve("b"));
        Path home = Files.createDirectories(tmp.resolve("home")); // no ~/.aws
        try (S3TestServer server = S3TestServer.start(tmp.resolve("s3")).bucket("team")) {
            CliHarness a = new CliHarness(cwdA, home);
            assertThat(a.run("bundle", "-t", "rom", "-n", "rom", "-v", "1", "-d", "x", Fixtures.path("rom.bin").toString()).exit()).isZero();
            assertThat(a.run("publish", "uri", "-y", "rom", "s3://team/never-uploaded").exit()).isZero();
            assertThat(new CliHarness(cwdB, home).run("repo", "add", cwdA.toString()).exit()).isZero();

            ChildCarti.Result noCreds = ChildCarti.run(cwdB, home, Map.of("AWS_ENDPOINT_URL", server.endpoint().toString(),
                    "HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true"), List.of(), "install", "-y", "rom");
            assertOneErrorLine(noCreds, "error: could not install bundle rom (" + PublishDiskUriTest.ROM_CID + "): s3://team/never-uploaded: "
                    + "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / ~/.aws/credentials");

            CliHarness b = new CliHarness(cwdB, home);
            server.env().forEach(b::env);
            CliHarness.Result missing = b.run("install", "-y", "rom");
            assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
            assertThat(missing.err()).as(missing.toString()).contains("error: could not install bundle rom (" + PublishDiskUriTest.ROM_CID
                    + "): s3://team/never-uploaded: no such object (" + server.endpoint() + ")\n").doesNotContain("software.amazon");
            assertThat(cwdB.resolve("carti_bundles").resolve(PublishDiskUriTest.ROM_CID)).doesNotExist();
        }
    }

    @Test void pathStyleFalseUsesVirtualHostedBuckets() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("vh"));
        Path home = Files.createDirectories(tmp.resolve("vh-home"));
        assertThat(new CliHarness(cwd, home).run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                Fixtures.path("dapp-test-data.ext2").toString()).exit()).isZero();
        // the bucket is part of the host name: the store's name and <bucket>.<name> resolve to 127.0.0.1 (only for carti)
        Path hosts = Files.writeString(tmp.resolve("hosts"), "127.0.0.1 s3.carti.test team.s3.carti.test\n");
        try (S3TestServer server = S3TestServer.startVirtualHosted(tmp.resolve("s3"), "s3.carti.test").bucket("team")) {
            Map<String, String> creds = Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
            ChildCarti.Result r = ChildCarti.run(cwd, home, creds, List.of("-Djdk.net.hosts.file=" + hosts),
                    "publish", "s3", "-y", "dapp-test-data", "--bucket", "team", "--endpoint", server.endpoint().toString(), "--path-style=false");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(server.objectFile("team", DAPP_CID)).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));

            // a name that does not resolve: virtual-hosted addressing is named as the likely cause
            ChildCarti.Result unknown = ChildCarti.run(cwd, home, creds, List.of("-Djdk.net.hosts.file=" + hosts),
                    "publish", "s3", "-y", "dapp-test-data", "--bucket", "other", "--endpoint", server.endpoint().toString(), "--path-style=false");
            assertOneErrorLine(unknown, "error: cannot upload dapp-test-data to s3://other/" + DAPP_CID + ": cannot connect to "
                    + server.endpoint() + ": unknown host other.s3.carti.test");
        }
    }

    @Test void aPublicHttpsUrlRecordedByPublishS3InstallsWithoutCredentials() throws Exception {
        Path cwdA = Files.createDirectories(tmp.resolve("a"));
        Path homeA = Files.createDirectories(tmp.resolve("home-a"));
        Path cwdB = Files.createDirectories(tmp.resolve("b"));
        Path homeB = Files.createDirectories(tmp.resolve("home-b"));
        Path keyStore = tmp.resolve("server.p12");
        Path trustStore = tmp.resolve("trust.p12");
        tlsKeyAndTrustStore(keyStore, trustStore);
        try (S3TestServer server = S3TestServer.start(tmp.resolve("s3")).bucket("public");
             // the same bucket, readable by anyone over https: a public bucket, or a CDN in front of it
             S3TestServer publicHttps = S3TestServer.startPublicHttps(tmp.resolve("s3"), keyStore, "changeit")) {
            git(cwdA, "init", "-q", "-b", "main");
            CliHarness a = new CliHarness(cwdA, homeA);
            server.env().forEach(a::env);
            assertThat(a.run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                    Fixtures.path("dapp-test-data.ext2").toString()).exit()).isZero();
            String publicUrl = publicHttps.endpoint() + "/public/" + DAPP_CID;
            CliHarness.Result pub = a.run("publish", "s3", "-y", "--commit", "dapp-test-data", publicUrl, "--bucket", "public");
            assertThat(pub.exit()).as(pub.toString()).isZero();
            assertThat(git(cwdA, "show", "HEAD:bundles.json")).contains("\"uri\": \"" + publicUrl + "\"");

            assertThat(new CliHarness(cwdB, homeB).run("repo", "add", cwdA.toUri().toString()).exit()).isZero();
            ChildCarti.Result install = ChildCarti.run(cwdB, homeB, Map.of(), List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"), "install", "-y", "dapp-test-data");
            assertThat(install.exit()).as(install.toString()).isZero();
            assertThat(cwdB.resolve("carti_bundles").resolve(DAPP_CID).resolve("dapp-test-data.ext2"))
                    .hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
        }
    }

    /** A self-signed TLS key for 127.0.0.1 and a trust store holding only its certificate (JDK keytool). */
    private static void tlsKeyAndTrustStore(Path keyStore, Path trustStore) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = keyStore.resolveSibling("server.crt");
        run(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit");
        run(keytool, "-exportcert", "-alias", "s3", "-keystore", keyStore.toString(), "-storepass", "changeit", "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "s3", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "changeit");
    }

    private static void awsCredentials(Path home, String profile) throws Exception {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("credentials"), "[" + profile + "]\naws_access_key_id = " + S3TestServer.ACCESS_KEY
                + "\naws_secret_access_key = " + S3TestServer.SECRET_KEY + "\n");
    }

    private static void assertOneErrorLine(ChildCarti.Result r, String expected) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).as(r.toString()).hasSize(1).first(
                org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith(expected);
        assertThat(r.err()).as("no SDK text").doesNotContain("AwsCredentialsProviderChain").doesNotContain("software.amazon");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
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
