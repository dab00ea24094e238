package io.carti.cli.command.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.carti.cli.CliHarness;
import io.carti.core.testing.Fixtures;
import io.carti.core.transport.s3.CuttingProxy;
import io.carti.core.transport.s3.CurlS3;
import io.carti.core.transport.s3.S3TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carti publish s3} against a real S3 API server (s3proxy, filesystem backend) on 127.0.0.1. */
class PublishS3Test {
    /** CID of the CLI fixture dapp-test-data.ext2, from upstream's integration test. */
    static final String DAPP_CID = "baenrwic6ybfsdmdtm52fhgbeip6ndoi3e62bonaadmotji4x6vvdpedt3m";

    @TempDir static Path serverDir;
    static S3TestServer server;

    @TempDir Path cwd;
    @TempDir Path home;
    CliHarness carti;

    @BeforeAll static void startServer() throws Exception {
        server = S3TestServer.start(serverDir.resolve("s3")).bucket("bundles");
    }

    @AfterAll static void stopServer() throws Exception { server.close(); }

    @BeforeEach void bundleDappData() {
        carti = new CliHarness(cwd, home);
        server.env().forEach(carti::env);
        CliHarness.Result r = carti.run("bundle", "-t", "flashdrive", "-n", "dapp-test-data", "-v", "1.0.0", "-d", "x",
                Fixtures.path("dapp-test-data.ext2").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private Path object(String key) { return server.objectFile("bundles", key); }

    @Test void uploadsTheBundleAndListsItsS3Uri() throws Exception {
        Files.deleteIfExists(object(DAPP_CID));
        CliHarness.Result r = carti.run("publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("published to s3:bundles\n");
        assertThat(r.err()).contains("- Uploading dapp-test-data (1048576 bytes) to s3://bundles/" + DAPP_CID);
        assertThat(object(DAPP_CID)).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
        // the same bytes and carti's metadata, seen through a client that shares no code with carti or the AWS SDK
        Path fetched = home.resolve("fetched-by-curl");
        CurlS3.get(server, "bundles", DAPP_CID, fetched);
        assertThat(fetched).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
        assertThat(CurlS3.head(server, "bundles", DAPP_CID)).contains("content-length: 1048576")
                .contains("x-amz-meta-carti-cid: " + DAPP_CID).contains("x-amz-meta-carti-name: dapp-test-data")
                .contains("x-amz-meta-carti-version: 1.0.0").contains("content-type: application/octet-stream")
                .contains("content-disposition: attachment; filename=\"dapp-test-data.ext2\"");
        String listing = Files.readString(cwd.resolve("bundles.json"));
        assertThat(listing).contains("\"uri\": \"s3://bundles/" + DAPP_CID + "\"");

        CliHarness.Result again = carti.run("publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).contains("s3://bundles/" + DAPP_CID + " already holds " + DAPP_CID + "; not copied again")
                .doesNotContain("Uploading");
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(listing);
    }

    @Test void aPublicUriIsRecordedAndAReplacementSaysSo() throws IOException {
        CliHarness.Result r = carti.run("publish", "s3", "-y", "--prefix", "carti/", "dapp-test-data", "https://cdn.example/" + DAPP_CID,
                "--bucket", "bundles", "--force");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(object("carti/" + DAPP_CID)).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
        assertThat(Files.readString(cwd.resolve("bundles.json"))).contains("\"uri\": \"https://cdn.example/" + DAPP_CID + "\"");
        CliHarness.Result moved = carti.run("publish", "s3", "-y", "--prefix", "carti/", "dapp-test-data", "--bucket", "bundles");
        assertThat(moved.err()).contains("updated dapp-test-data 1.0.0 in bundles.json: uri https://cdn.example/" + DAPP_CID
                + " -> s3://bundles/carti/" + DAPP_CID);
    }

    @Test void theEndpointCanComeFromTheFlagsWithAwsCredentialsFromTheEnvironment() throws IOException {
        CliHarness c = new CliHarness(cwd, home).env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        CliHarness.Result r = c.run("publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles", "--prefix", "flags/",
                "--endpoint", server.endpoint().toString(), "--region", "eu-west-1", "--path-style");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(object("flags/" + DAPP_CID)).hasSameBinaryContentAs(Fixtures.path("dapp-test-data.ext2"));
    }

    @Test void nosaveOnlyListsTheBundle() {
        CliHarness.Result r = carti.run("publish", "s3", "-y", "--nosave", "--prefix", "nosave/", "dapp-test-data", "--bucket", "bundles");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(object("nosave/" + DAPP_CID)).doesNotExist();
        assertThat(cwd.resolve("bundles.json")).content().contains("s3://bundles/nosave/" + DAPP_CID);
    }

    @Test void offlineRefusesToUpload() {
        CliHarness.Result r = carti.run("--offline", "publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--offline");
        assertThat(cwd.resolve("bundles.json")).doesNotExist();
    }

    @Test void wrongCredentialsAreAnErrorAndTheListingIsUntouched() throws IOException {
        String before = seedListing();
        CliHarness.Result r = new CliHarness(cwd, home).env("AWS_ENDPOINT_URL", server.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY).env("AWS_SECRET_ACCESS_KEY", "not-the-secret")
                .run("publish", "s3", "-y", "--prefix", "creds/", "dapp-test-data", "--bucket", "bundles");
        assertFailed(r, "the S3 server rejected the credentials", before);
        assertThat(object("creds/" + DAPP_CID)).doesNotExist();
    }

    @Test void anUnknownAwsProfileIsAnError() throws IOException {
        String before = seedListing();
        CliHarness.Result r = new CliHarness(cwd, home).env("AWS_ENDPOINT_URL", server.endpoint().toString())
                .run("publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles", "--profile", "carti-no-such-profile");
        assertFailed(r, "the AWS profile 'carti-no-such-profile' was not found or has no credentials", before);
    }

    @Test void aMissingBucketIsAnError() throws IOException {
        String before = seedListing();
        CliHarness.Result r = carti.run("publish", "s3", "-y", "dapp-test-data", "--bucket", "no-such-bucket");
        assertFailed(r, "bucket 'no-such-bucket' does not exist", before);
    }

    @Test void aServerThatIsDownIsAnError() throws IOException {
        String before = seedListing();
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        CliHarness.Result r = carti.run("publish", "s3", "-y", "dapp-test-data", "--bucket", "bundles", "--endpoint", "http://127.0.0.1:" + port);
        assertFailed(r, "cannot connect to http://127.0.0.1:" + port, before);
    }

    @Test void anInterruptedUploadIsAnErrorAndStoresNothing() throws Exception {
        String before = seedListing();
        try (CuttingProxy proxy = new CuttingProxy(server.endpoint(), 200_000)) {
            CliHarness.Result r = carti.run("publish", "s3", "-y", "--prefix", "cut/", "dapp-test-data", "--bucket", "bundles",
                    "--endpoint", proxy.endpoint().toString());
            assertFailed(r, "cannot upload dapp-test-data to s3://bundles/cut/" + DAPP_CID, before);
            assertThat(proxy.cuts()).isPositive();
        }
        assertThat(object("cut/" + DAPP_CID)).doesNotExist();
    }

    /** A listing with another entry, to show that a failed publish leaves it byte for byte. */
    private String seedListing() throws IOException {
        assertThat(carti.run("bundle", "-t", "rom", "-n", "rom", "-v", "1", "-d", "x", Fixtures.path("rom.bin").toString()).exit()).isZero();
        assertThat(carti.run("publish", "uri", "-y", "rom", "https://example.com/rom.bin").exit()).isZero();
        return Files.readString(cwd.resolve("bundles.json"));
    }

    private void assertFailed(CliHarness.Result r, String message, String listingBefore) throws IOException {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).as(r.toString()).contains("error: ").contains(message);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        assertThat(Files.readString(cwd.resolve("bundles.json"))).isEqualTo(listingBefore);
    }
}
