package io.carti.core.install;

import io.carti.core.CartiEnv;
import io.carti.core.store.BundleStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the download tests share: a real HTTP server on 127.0.0.1, a store in a temp dir, the notes a download writes. */
abstract class DownloadTestBase {
    @TempDir Path tmp;
    TestHttpServer http;
    BundleStore store;
    final List<String> notes = new CopyOnWriteArrayList<>();
    final ProgressListener progress = new ProgressListener() {
        @Override public void note(String message) { notes.add(message); }
    };

    @BeforeEach void startServerAndStore() {
        http = TestHttpServer.start();
        store = new BundleStore(tmp.resolve("store"));
    }

    @AfterEach void stopServer() { http.close(); }

    Downloader downloader(NetConfig net) {
        return new Downloader(CartiEnv.of(tmp, tmp, Map.of()), net, progress);
    }
}
