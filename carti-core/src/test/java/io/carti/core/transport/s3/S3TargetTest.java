package io.carti.core.transport.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import io.carti.core.publish.ProgressListener;
import io.carti.core.publish.PublishTarget;
import io.carti.core.store.BundleStore;
import io.carti.core.store.IntegrityException;
import io.carti.core.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3TargetTest {
    static final String ROM_CID = "baenrwigfd3thblxcse7nvzwsebphtfre5nsmfl3wymz5n3jgi3aqwhsocy";

    @TempDir static Path serverDir;
    static S3TestServer server;

    @TempDir Path tmp;

    @BeforeAll static void startServer() throws Exception {
        server = S3TestServer.start(serverDir.resolve("s3"));
    }

    @AfterAll static void stopServer() throws Exception {
        server.close();
    }

    private Bundle bundle(Path file, String name) {
        BundleStore.Stored s = new BundleStore(tmp.resolve("store")).putFile(file, null, file.getFileName().toString(), null, name);
        return Bundle.of("flashdrive", name, file.getFileName().toString(), s.cid(), "1.0.0", null);
    }

    /** The SDK used directly, without carti's code: what a third party sees in the bucket. */
    private static HeadObjectResponse headIndependently(String bucket, String key) {
        try (S3Client c = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build()) {
            return c.headObject(r -> r.bucket(bucket).key(key));
        }
    }

    @Test void uploadsUnderTheCidWithTheCidInMetadataThenSkipsTheSameBytes() throws Exception {
        server.bucket("small");
        Bundle rom = bundle(Fixtures.path("rom.bin"), "rom");
        assertThat(rom.id()).isEqualTo(ROM_CID);
        S3Target target = new S3Target(server.settings(), "small", null);
        PublishTarget.Upload up = target.upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE);
        assertThat(up.uri()).isEqualTo("s3://small/" + ROM_CID);
        assertThat(up.outcome()).isEqualTo(PublishTarget.Outcome.UPLOADED);
        assertThat(server.objectFile("small", ROM_CID)).hasSameBinaryContentAs(Fixtures.path("rom.bin"));
        HeadObjectResponse head = headIndependently("small", ROM_CID);
        assertThat(head.contentLength()).isEqualTo(7);
        assertThat(head.metadata()).containsEntry("carti-cid", ROM_CID).containsEntry("carti-name", "rom");

        assertThat(target.upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE).outcome())
                .isEqualTo(PublishTarget.Outcome.SKIPPED);
        assertThat(target.upload(rom, Fixtures.path("rom.bin"), true, ProgressListener.NONE).outcome())
                .as("--force").isEqualTo(PublishTarget.Outcome.UPLOADED);
    }

    @Test void anObjectWithOtherBytesUnderTheKeyIsReplaced() throws Exception {
        server.bucket("stale");
        Bundle rom = bundle(Fixtures.path("rom.bin"), "rom");
        Files.writeString(server.objectFile("stale", ROM_CID), "something else");
        assertThat(new S3Target(server.settings(), "stale", "bundles/", S3Target.MIN_PART_SIZE)
                .upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE).uri()).isEqualTo("s3://stale/bundles/" + ROM_CID);
        assertThat(server.objectFile("stale", "bundles/" + ROM_CID)).hasSameBinaryContentAs(Fixtures.path("rom.bin"));
        Files.writeString(server.objectFile("stale", "bundles/" + ROM_CID), "corrupted in the bucket");
        assertThat(new S3Target(server.settings(), "stale", "bundles/").upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE)
                .outcome()).isEqualTo(PublishTarget.Outcome.UPLOADED);
        assertThat(server.objectFile("stale", "bundles/" + ROM_CID)).hasSameBinaryContentAs(Fixtures.path("rom.bin"));
    }

    @Test void largeFilesGoAsMultipartAndReadBackThroughS3Source() throws Exception {
        server.bucket("big");
        Path file = tmp.resolve("data.ext2");
        byte[] data = new byte[12 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        Bundle b = bundle(file, "data");
        long[] progressed = {0};
        ProgressListener p = new ProgressListener() {
            @Override public void advanced(long bytes) { progressed[0] += bytes; }
        };
        PublishTarget.Upload up = new S3Target(server.settings(), "big", null, S3Target.MIN_PART_SIZE).upload(b, file, false, p);
        assertThat(progressed[0]).isEqualTo(data.length);
        assertThat(server.objectFile("big", b.id())).hasSameBinaryContentAs(file);
        assertThat(headIndependently("big", b.id()).metadata()).containsEntry("carti-cid", b.id());
        // S3 gives a multipart object the ETag "<md5 of the part md5s>-<parts>": 12 MiB + 12345 bytes in 5 MiB parts
        assertThat(CurlS3.head(server, "big", b.id())).containsPattern("etag: \"[0-9a-f]{32}-3\"");
        Path fetched = tmp.resolve("fetched");
        CurlS3.get(server, "big", b.id(), fetched);
        assertThat(fetched).hasSameBinaryContentAs(file);

        try (InputStream in = new S3Source(server.settings()).open(up.uri(), b, 0)) {
            assertThat(CidHasher.hash(in)).isEqualTo(Cid.parse(b.id()));
        }
        try (InputStream in = new S3Source(server.settings()).open(up.uri(), b, data.length - 100)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 100, data.length));
        }
    }

    @Test void s3SourceTakesItsSettingsFromTheEnvironmentAndTheCartiConfig() throws Exception {
        server.bucket("envsrc");
        Bundle rom = bundle(Fixtures.path("rom.bin"), "rom");
        String uri = new S3Target(server.settings(), "envsrc", null).upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE).uri();
        try (InputStream in = new S3Source(server.env(), tmp).open(uri, rom, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(Fixtures.path("rom.bin")));
        }
        // endpoint from <carti home>/s3.json (per bucket), credentials from the environment
        Files.writeString(tmp.resolve("s3.json"), "{\"endpoint\": \"http://127.0.0.1:1\", \"buckets\": {\"envsrc\": {\"endpoint\": \""
                + server.endpoint() + "\", \"pathStyle\": true}}}");
        var env = java.util.Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        try (InputStream in = new S3Source(env, tmp).open(uri, rom, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(Fixtures.path("rom.bin")));
        }
    }

    @Test void aLocalFileThatNoLongerMatchesItsCidIsNotUploaded() throws Exception {
        server.bucket("corrupt");
        Bundle rom = bundle(Fixtures.path("rom.bin"), "rom");
        Path other = tmp.resolve("rom.bin");
        Files.writeString(other, "fakeroM");
        assertThatThrownBy(() -> new S3Target(server.settings(), "corrupt", null).upload(rom, other, false, ProgressListener.NONE))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("CID mismatch for bundle rom");
        assertThat(server.objectFile("corrupt", ROM_CID)).doesNotExist();
    }

    @Test void faultsAreClearErrors() throws Exception {
        server.bucket("faults");
        Bundle rom = bundle(Fixtures.path("rom.bin"), "rom");
        S3Settings wrongSecret = new S3Settings(server.endpoint(), "us-east-1", true, S3TestServer.ACCESS_KEY, "wrong", null, null);
        assertThatThrownBy(() -> new S3Target(wrongSecret, "faults", null).upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE))
                .isInstanceOf(CartiException.class)
                .hasMessageStartingWith("cannot upload rom to s3://faults/" + ROM_CID + ": ")
                .hasMessageContaining("the S3 server rejected the credentials (SignatureDoesNotMatch)").hasMessageContaining(server.endpoint().toString());
        assertThatThrownBy(() -> new S3Target(server.settings(), "no-such-bucket", null).upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE))
                .isInstanceOf(CartiException.class).hasMessageContaining("bucket 'no-such-bucket' does not exist");
        S3Settings down = new S3Settings(URI.create("http://127.0.0.1:" + closedPort()), "us-east-1", true, "k", "s", null, null);
        assertThatThrownBy(() -> new S3Target(down, "faults", null).upload(rom, Fixtures.path("rom.bin"), false, ProgressListener.NONE))
                .isInstanceOf(CartiException.class).hasMessageContaining("cannot connect to http://127.0.0.1:");
        assertThatThrownBy(() -> new S3Source(server.settings()).open("s3://faults/missing", rom, 0))
                .isInstanceOf(CartiException.class).hasMessageContaining("no such object");
        assertThat(server.objectFile("faults", ROM_CID)).doesNotExist();
    }

    @Test void anInterruptedMultipartUploadFailsAndLeavesNoObject() throws Exception {
        server.bucket("cut");
        Path file = tmp.resolve("big.bin");
        byte[] data = new byte[11 * 1024 * 1024];
        new Random(3).nextBytes(data);
        Files.write(file, data);
        Bundle b = bundle(file, "big");
        try (CuttingProxy proxy = new CuttingProxy(server.endpoint(), 3L << 20)) {
            S3Settings via = new S3Settings(proxy.endpoint(), "us-east-1", true, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, null, null);
            assertThatThrownBy(() -> new S3Target(via, "cut", null, S3Target.MIN_PART_SIZE).upload(b, file, false, ProgressListener.NONE))
                    .isInstanceOf(CartiException.class).hasMessageStartingWith("cannot upload big to s3://cut/" + b.id());
            assertThat(proxy.cuts()).isPositive();
        }
        assertThat(server.objectFile("cut", b.id())).doesNotExist();
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) { return s.getLocalPort(); }
    }
}
