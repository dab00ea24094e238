package io.carti.core.install;

import static io.carti.core.install.TestHttpServer.ok;
import static io.carti.core.install.TestHttpServer.okIgnoringRange;
import static io.carti.core.install.TestHttpServer.truncatedAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Downloads that continue what an earlier run left in {@code <store>/.carti-partial/}: the partial and its sidecar
 * are written here as a killed run leaves them (the child-JVM test in carti-cli kills a real one).
 */
class PartialDownloadTest extends DownloadTestBase {
    static final byte[] DATA = new byte[3 * (1 << 20) + 12_345];
    static final Cid CID;

    static {
        new Random(7).nextBytes(DATA);
        CID = Cid.of(DATA);
    }

    Downloader downloader(int retries) {
        return downloader(new NetConfig(false, Duration.ofSeconds(5), Duration.ofSeconds(5), retries, Duration.ofMillis(1)));
    }

    static Bundle bundle() { return Bundle.of("flashdrive", "data", "data.bin", CID, "1.0.0", null); }

    Path partial() { return store.base().resolve(".carti-partial").resolve(CID + ".part"); }

    Path sidecar() { return store.base().resolve(".carti-partial").resolve(CID + ".json"); }

    /** What a run killed after {@code n} bytes leaves behind. */
    void leavePartial(byte[] prefix, String uri, String validator, long length) throws Exception {
        Files.createDirectories(partial().getParent());
        Files.write(partial(), prefix);
        Files.writeString(sidecar(), "{\"uri\":\"" + uri + "\"" + (validator == null ? "" : ",\"validator\":" + quote(validator))
                + (length < 0 ? "" : ",\"length\":" + length) + "}\n", StandardCharsets.UTF_8);
    }

    static String quote(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }

    String etag() { return "\"" + Integer.toHexString(Arrays.hashCode(DATA)) + "\""; }

    BundleStore.Stored fetch(String uri) { return downloader(3).fetch(bundle(), List.of(uri), store); }

    void assertInstalledAndNoPartialLeft(BundleStore.Stored s) throws Exception {
        assertThat(s.cid()).isEqualTo(CID);
        assertThat(Files.readAllBytes(store.base().resolve(CID.toString()).resolve("data.bin"))).isEqualTo(DATA);
        assertThat(store.base().resolve(".carti-partial")).doesNotExist();
    }

    @Test void aPartialFromAnEarlierRunIsContinuedWithRangeAndIfRange() throws Exception {
        http.serve("/d.bin", DATA);
        String uri = http.url("/d.bin");
        leavePartial(Arrays.copyOf(DATA, 2_000_000), uri, etag(), DATA.length);
        assertInstalledAndNoPartialLeft(fetch(uri));
        List<TestHttpServer.Seen> reqs = http.requests("/d.bin");
        assertThat(reqs).hasSize(1);
        assertThat(reqs.get(0).range()).isEqualTo("bytes=2000000-");
        assertThat(reqs.get(0).ifRange()).isEqualTo(etag());
        assertThat(notes).contains("resuming data at byte 2000000 (a partial download from an earlier run)");
    }

    @Test void aChangedValidatorMakesTheServerSendEverythingAndThePartialIsReplaced() throws Exception {
        http.serve("/d.bin", DATA);
        String uri = http.url("/d.bin");
        byte[] otherVersion = Arrays.copyOf(DATA, 1_500_000);
        otherVersion[10] ^= 1;
        leavePartial(otherVersion, uri, "\"an-older-version\"", DATA.length);
        assertInstalledAndNoPartialLeft(fetch(uri));
        List<TestHttpServer.Seen> reqs = http.requests("/d.bin");
        assertThat(reqs).hasSize(1);
        assertThat(reqs.get(0).range()).isEqualTo("bytes=1500000-");
        assertThat(reqs.get(0).ifRange()).isEqualTo("\"an-older-version\"");
        assertThat(notes).anyMatch(n -> n.contains("sent data from the start"));
    }

    @Test void aServerIgnoringTheRangeGivesAFreshDownload() throws Exception {
        http.serve("/d.bin", DATA, okIgnoringRange());
        String uri = http.url("/d.bin");
        leavePartial(Arrays.copyOf(DATA, 1_000_000), uri, null, -1);
        assertInstalledAndNoPartialLeft(fetch(uri));
        assertThat(http.requests("/d.bin").get(0).ifRange()).isNull();
    }

    @Test void aPrefixThatDoesNotVerifyIsDiscardedAndDownloadedAgain() throws Exception {
        http.serve("/d.bin", DATA);
        String uri = http.url("/d.bin");
        byte[] corrupt = Arrays.copyOf(DATA, 1_200_000);
        corrupt[5] ^= 1; // same validator, wrong bytes (a disk error, or a server that changed without saying so)
        leavePartial(corrupt, uri, etag(), DATA.length);
        assertInstalledAndNoPartialLeft(fetch(uri));
        List<TestHttpServer.Seen> reqs = http.requests("/d.bin");
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).range()).isEqualTo("bytes=1200000-");
        assertThat(reqs.get(1).range()).isNull();
        assertThat(notes).anyMatch(n -> n.contains("did not verify; downloading it again"));
    }

    @Test void aPartialFromAnotherUriIsNotUsed() throws Exception {
        http.serve("/d.bin", DATA);
        leavePartial(Arrays.copyOf(DATA, 1_000_000), http.url("/elsewhere.bin"), etag(), DATA.length);
        assertInstalledAndNoPartialLeft(fetch(http.url("/d.bin")));
        assertThat(http.requests("/d.bin").get(0).range()).isNull();
    }

    @Test void aCompletePartialIsVerifiedAndCommittedWithoutAnyRequest() throws Exception {
        http.serve("/d.bin", DATA);
        String uri = http.url("/d.bin");
        leavePartial(DATA, uri, etag(), DATA.length);
        assertInstalledAndNoPartialLeft(fetch(uri));
        assertThat(http.requests("/d.bin")).isEmpty();
    }

    @Test void aFailedDownloadKeepsItsPartialAndSidecarForTheNextRun() throws Exception {
        http.serve("/d.bin", DATA, truncatedAfter(DATA.length - 100_000), ok());
        String uri = http.url("/d.bin");
        assertThatThrownBy(() -> downloader(0).fetch(bundle(), List.of(uri), store)).isInstanceOf(CartiException.class);
        assertThat(store.exists(CID)).isFalse();
        assertThat(sidecar()).exists();
        assertThat(Files.readString(sidecar())).contains("\"uri\":\"" + uri + "\"", "\"validator\":" + quote(etag()),
                "\"length\":" + DATA.length);
        long kept = Files.size(partial());
        assertThat(Arrays.copyOf(Files.readAllBytes(partial()), (int) kept)).isEqualTo(Arrays.copyOf(DATA, (int) kept));

        assertInstalledAndNoPartialLeft(fetch(uri));
        TestHttpServer.Seen second = http.requests("/d.bin").get(1);
        assertThat(second.range()).isEqualTo(kept > 0 ? "bytes=" + kept + "-" : null);
    }
}
