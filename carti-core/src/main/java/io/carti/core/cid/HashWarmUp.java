package io.carti.core.cid;

/**
 * Gets the CID hash compiled while a command is busy with something else: {@code machine install} parsing its
 * package and resolving bundles, {@code oci import} waiting for genext2fs.
 * <p>
 * HotSpot runs a method interpreted, then with C1's profiling code, and only after thousands of calls with C2's
 * code, which hashes several times faster. Left alone, that happens when the downloads have started: every job
 * then hashes its first megabytes slowly while the compiler threads compete with them for the cores. The start-up
 * of a command (option parsing, JSON, schema checks) keeps one core busy and leaves the other mostly idle, so a
 * daemon thread hashes a few MiB of zeros there and the compiled code is ready (or nearly) when the first bundle
 * bytes arrive. It costs ~0.1 s of CPU on the idle core and no wall time; the JVM does not wait for it at exit.
 */
public final class HashWarmUp {
    private static final int BYTES = 4 << 20;
    private static volatile boolean started;

    private HashWarmUp() {}

    public static void startInBackground() {
        if (started) return;
        started = true;
        Thread t = new Thread(HashWarmUp::run, "carti-hash-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        byte[] chunk = new byte[8 << 10]; // many calls: update() itself gets compiled too, not only the permutation
        CidHasher h = new CidHasher();
        for (int done = 0; done < BYTES; done += chunk.length) h.update(chunk, 0, chunk.length);
        h.finish();
    }
}
