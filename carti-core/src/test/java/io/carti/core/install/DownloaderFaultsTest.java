package io.carti.core.install;

import static io.carti.core.install.TestHttpServer.bytes;
import static io.carti.core.install.TestHttpServer.ok;
import static io.carti.core.install.TestHttpServer.okIgnoringRange;
import static io.carti.core.install.TestHttpServer.redirect;
import static io.carti.core.install.TestHttpServer.stallAfter;
import static io.carti.core.install.TestHttpServer.status;
import static io.carti.core.install.TestHttpServer.truncatedAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.BundleStore;
import io.carti.core.store.IntegrityException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Downloads against a real HTTP server on 127.0.0.1 that misbehaves on purpose. */
class DownloaderFaultsTest extends DownloadTestBase {
    static final byte[] DATA = new byte[300_000];
    static final Cid CID;
    static final String EXPECTED_CID;

    static {
        new Random(42).nextBytes(DATA);
        CID = Cid.of(DATA);
        EXPECTED_CID = CID.toString();
    }

    Downloader downloader(double readTimeoutSeconds) {
        return downloader(new NetConfig(false, Duration.ofSeconds(5), Duration.ofMillis((long) (readTimeoutSeconds * 1000)), 3, Duration.ofMillis(1)));
    }

    static Bundle bundle(String uri) {
        return Bundle.of("flashdrive", "data", "data.bin", CID, "1.0.0", uri);
    }

    void assertStored(BundleStore.Stored s) throws Exception {
        assertThat(s.cid()).isEqualTo(CID);
        assertThat(Files.readAllBytes(s.path())).isEqualTo(DATA);
        assertThat(s.path()).isEqualTo(store.base().resolve(EXPECTED_CID).resolve("data.bin"));
    }

    @Test void plainDownloadIsVerifiedAndStoredWithTheListingAsMeta() throws Exception {
        http.serve("/d.bin", DATA);
        BundleStore.Stored s = downloader(5).fetch(bundle(http.url("/d.bin")), List.of(http.url("/d.bin")), store);
        assertStored(s);
        assertThat(store.meta(CID).orElseThrow().get("uri").asText()).isEqualTo(http.url("/d.bin"));
    }

    @Test void aTruncatedBodyIsResumedWithRange() throws Exception {
        http.serve("/d.bin", DATA, truncatedAfter(100_000), ok());
        assertStored(downloader(5).fetch(bundle(null), List.of(http.url("/d.bin")), store));
        List<TestHttpServer.Seen> reqs = http.requests("/d.bin");
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).range()).isNull();
        assertThat(reqs.get(1).range()).matches("bytes=\\d+-");
        assertThat(Long.parseLong(reqs.get(1).range().replaceAll("\\D", ""))).isGreaterThan(0);
        assertThat(notes).anyMatch(n -> n.startsWith("retrying " + http.url("/d.bin") + " at byte"));
    }

    @Test void aServerIgnoringRangeStillYieldsTheRightBytes() throws Exception {
        http.serve("/d.bin", DATA, truncatedAfter(123_457), okIgnoringRange());
        assertStored(downloader(5).fetch(bundle(null), List.of(http.url("/d.bin")), store));
    }

    @Test void serverErrorsAreRetriedWithBackoff() throws Exception {
        http.serve("/d.bin", DATA, status(500), status(503), ok());
        assertStored(downloader(5).fetch(bundle(null), List.of(http.url("/d.bin")), store));
        assertThat(http.requests("/d.bin")).hasSize(3);
    }

    @Test void aStalledConnectionTimesOutAndResumes() throws Exception {
        http.serve("/d.bin", DATA, stallAfter(50_000, 3_000), ok());
        assertStored(downloader(0.3).fetch(bundle(null), List.of(http.url("/d.bin")), store));
        assertThat(http.requests("/d.bin").get(1).range()).isNotNull();
    }

    @Test void wrongBytesAreRejectedNamingBundleSourceAndBothCids() throws Exception {
        byte[] wrong = "not the data".getBytes();
        http.serve("/d.bin", DATA, bytes(wrong));
        String uri = http.url("/d.bin");
        assertThatThrownBy(() -> downloader(5).fetch(bundle(uri), List.of(uri), store))
                .isInstanceOfSatisfying(IntegrityException.class, e -> {
                    assertThat(e.expected()).isEqualTo(EXPECTED_CID);
                    assertThat(e.actual()).isEqualTo(Cid.of(wrong).toString());
                    assertThat(e.getMessage()).contains("bundle data", uri, EXPECTED_CID, Cid.of(wrong).toString(), "discarded");
                });
        assertThat(store.exists(CID)).isFalse();
        try (var files = Files.list(store.base())) {
            assertThat(files.toList()).as("no partial file is left").isEmpty();
        }
    }

    @Test void aRedirectLoopFailsWithoutRetrying() {
        http.serve("/a", DATA, redirect("/b"));
        http.serve("/b", DATA, redirect("/a"));
        String uri = http.url("/a");
        assertThatThrownBy(() -> downloader(5).fetch(bundle(uri), List.of(uri), store))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining("too many redirects");
        assertThat(http.requests("/a").size()).isLessThanOrEqualTo(11);
    }

    @Test void anUnknownHostIsSaidSo() {
        String uri = "http://carti-no-such-host.invalid/d.bin"; // .invalid never resolves (RFC 2606)
        assertThatThrownBy(() -> downloader(5).fetch(bundle(uri), List.of(uri), store))
                .isInstanceOf(CartiException.class)
                .hasMessageContaining("unknown host carti-no-such-host.invalid");
        assertThat(store.exists(CID)).isFalse();
    }

    @Test void redirectsAreFollowed() throws Exception {
        http.serve("/moved", DATA, redirect("/d.bin"));
        http.serve("/d.bin", DATA);
        assertStored(downloader(5).fetch(bundle(null), List.of(http.url("/moved")), store));
    }

    @Test void a404OnTheFirstUriFallsBackToTheSecond() throws Exception {
        http.serve("/good.bin", DATA);
        List<String> uris = List.of(http.url("/missing.bin"), http.url("/good.bin"));
        assertStored(downloader(5).fetch(bundle(uris.get(0)), uris, store));
        assertThat(http.requests("/missing.bin")).hasSize(1); // a 404 is final: no retries
        assertThat(notes).anyMatch(n -> n.contains("trying the next source"));
    }

    @Test void wrongBytesOnTheFirstUriFallBackToTheSecond() throws Exception {
        http.serve("/bad.bin", DATA, bytes(new byte[] {1, 2, 3}));
        http.serve("/good.bin", DATA);
        assertStored(downloader(5).fetch(bundle(null), List.of(http.url("/bad.bin"), http.url("/good.bin")), store));
    }

    @Test void whenEverySourceFailsTheErrorListsThem() {
        List<String> uris = List.of(http.url("/x"), http.url("/y"));
        assertThatThrownBy(() -> downloader(5).fetch(bundle(null), uris, store))
                .isInstanceOfSatisfying(CartiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CartiException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("could not install bundle data", uris.get(0) + ": couldn't retrieve data from "
                            + uris.get(0) + " code:404", uris.get(1));
                });
    }

    @Test void persistentServerErrorsGiveUpAfterTheRetries() {
        http.serve("/d.bin", DATA, status(500));
        String uri = http.url("/d.bin");
        assertThatThrownBy(() -> downloader(5).fetch(bundle(null), List.of(uri), store))
                .isInstanceOfSatisfying(CartiException.class, e -> assertThat(e.kind()).isEqualTo(CartiException.Kind.NETWORK))
                .hasMessageContaining("code:500");
        assertThat(http.requests("/d.bin")).hasSize(4);
    }

    @Test void offlineRefusesNetworkSources() {
        NetConfig net = new NetConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ZERO);
        Downloader d = downloader(net);
        String uri = http.url("/d.bin");
        assertThatThrownBy(() -> d.fetch(bundle(uri), List.of(uri), store))
                .isInstanceOfSatisfying(CartiException.class, e -> assertThat(e.kind()).isEqualTo(CartiException.Kind.NETWORK))
                .hasMessageContaining("--offline forbids fetching it from " + uri);
        assertThat(http.requests("/d.bin")).isEmpty();
    }
}
