package io.carti.core.transport.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection: a TCP relay to a real server that drops every connection once the client has sent
 * {@code cutAfter} bytes on it, as a network failure in the middle of an upload would.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final URI target;
    private final long cutAfter;
    private final AtomicInteger cuts = new AtomicInteger();

    public CuttingProxy(URI target, long cutAfter) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.cutAfter = cutAfter;
        Thread t = new Thread(this::acceptLoop, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    public URI endpoint() { return URI.create("http://127.0.0.1:" + server.getLocalPort()); }

    /** How many connections were cut. */
    public int cuts() { return cuts.get(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                pump(upstream.getInputStream(), client.getOutputStream(), Long.MAX_VALUE, client, upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), cutAfter, client, upstream);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, long limit, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            long sent = 0;
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (sent + n > limit) {
                        out.write(buf, 0, (int) (limit - sent));
                        out.flush();
                        cuts.incrementAndGet();
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    sent += n;
                }
            } catch (IOException ignored) {
                // the other direction closed
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try { s.close(); } catch (IOException ignored) { /* closing */ }
    }

    @Override public void close() throws IOException { server.close(); }
}
