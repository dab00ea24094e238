package io.carti.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.install.Downloader;
import io.carti.core.install.NetConfig;
import io.carti.core.install.ProgressListener;
import io.carti.core.install.TestHttpServer;
import io.carti.core.store.BundleStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oci://} installs resume a broken blob download with {@code Range}, like http installs, and still check the
 * blob's digest over every byte: against a registry that drops the connection on purpose (in-process, for the
 * faults) and against Debian's real docker-registry.
 */
class OciResumeTest {
    static final byte[] DATA = new byte[300_000];
    static final Cid CID;

    static {
        new Random(11).nextBytes(DATA);
        CID = Cid.of(DATA);
    }

    @TempDir Path tmp;
    TestHttpServer registry;
    String uri;
    String blobPath;
    Bundle bundle;

    @BeforeEach void setUp() {
        registry = TestHttpServer.start();
        Digest layer = Digest.sha256(DATA);
        byte[] manifest = CartiArtifact.manifest("flashdrive", "data", "1.0.0", CID.toString(), "data.ext2", layer, DATA.length);
        Digest md = Digest.sha256(manifest);
        registry.serve("/v2/bundles/data/manifests/" + md, manifest);
        blobPath = "/v2/bundles/data/blobs/" + layer;
        String host = registry.url("").replace("http://", "");
        uri = "oci://" + host + "/bundles/data@" + md;
        bundle = Bundle.of("flashdrive", "data", "data.ext2", CID, "1.0.0", uri);
    }

    @AfterEach void tearDown() { registry.close(); }

    private BundleStore.Stored install() {
        NetConfig net = new NetConfig(false, Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofMillis(1));
        return new Downloader(CartiEnv.of(tmp, tmp, Map.of()), net, ProgressListener.NONE)
                .fetch(bundle, List.of(uri), new BundleStore(tmp.resolve("store")));
    }

    @Test void aBrokenBlobDownloadIsResumedWithRange() throws Exception {
        registry.serve(blobPath, DATA, TestHttpServer.truncatedAfter(100_000), TestHttpServer.ok());
        BundleStore.Stored s = install();
        assertThat(s.cid()).isEqualTo(CID);
        assertThat(Files.readAllBytes(s.path())).isEqualTo(DATA);
        List<TestHttpServer.Seen> reqs = registry.requests(blobPath);
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).range()).isNull();
        assertThat(reqs.get(1).range()).matches("bytes=\\d+-");
        assertThat(Long.parseLong(reqs.get(1).range().replaceAll("\\D", ""))).isPositive();
    }

    @Test void aRegistryIgnoringRangeStillYieldsTheRightBytes() throws Exception {
        registry.serve(blobPath, DATA, TestHttpServer.truncatedAfter(123_457), TestHttpServer.okIgnoringRange());
        BundleStore.Stored s = install();
        assertThat(Files.readAllBytes(s.path())).isEqualTo(DATA);
        assertThat(registry.requests(blobPath)).hasSize(2);
    }

    @Test void aTamperedResumedRangeFailsTheBlobDigestAndStoresNothing() throws Exception {
        byte[] evil = DATA.clone();
        evil[250_000] ^= 1;
        TestHttpServer.Step tamperedRange = (ex, body) -> {
            long from = Long.parseLong(ex.getRequestHeaders().getFirst("Range").replaceAll("\\D", ""));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (DATA.length - 1) + "/" + DATA.length);
            ex.sendResponseHeaders(206, DATA.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(Arrays.copyOfRange(evil, (int) from, DATA.length));
            }
        };
        registry.serve(blobPath, DATA, TestHttpServer.truncatedAfter(100_000), tamperedRange);
        assertThatThrownBy(this::install).isInstanceOf(CartiException.class).hasMessageContaining("digest mismatch");
        assertThat(registry.requests(blobPath)).hasSize(2);
        assertThat(tmp.resolve("store").resolve(CID.toString())).doesNotExist();
    }

    @Test void theRealRegistryServesRangesThatContinueTheDigest() throws Exception {
        try (LocalRegistry real = LocalRegistry.start(tmp.resolve("registry"), null, null)) {
            Path file = tmp.resolve("data.ext2");
            Files.write(file, DATA);
            ArtifactPusher.Pushed p = new ArtifactPusher(new RegistryClient(real.host(), false, Optional.empty()))
                    .push(file, "flashdrive", "data", "1.0.0", CID.toString(), "data.ext2", Reference.parse(real.host() + "/bundles/data:1.0.0"));
            Bundle b = Bundle.of("flashdrive", "data", "data.ext2", CID, "1.0.0", p.uri());
            OciSource source = new OciSource(CartiEnv.of(tmp, tmp, Map.of()));
            byte[] head;
            try (InputStream in = source.open(p.uri(), b, 0)) {
                head = in.readNBytes(70_000);
            }
            byte[] tail;
            try (InputStream in = source.open(p.uri(), b, head.length)) {
                tail = in.readAllBytes(); // the end of the stream checks the whole blob's digest
            }
            assertThat(concat(head, tail)).isEqualTo(DATA);
            // a source that did not see the start fetches the blob from byte 0, hashing what it skips
            try (InputStream in = new OciSource(CartiEnv.of(tmp, tmp, Map.of())).open(p.uri(), b, 200_000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 200_000, DATA.length));
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
