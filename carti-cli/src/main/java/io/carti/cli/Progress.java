package io.carti.cli;

import io.carti.core.install.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders install progress on stderr. On a terminal: one line redrawn in place (at most 10 times a second) with
 * the bytes, rate and ETA of every running transfer together. Otherwise (pipes, CI, {@code -n}): no bar, only a
 * line per finished transfer, retry or wait. Thread-safe: parallel downloads report here concurrently.
 */
public final class Progress implements ProgressListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private final Console console;
    private final boolean bar;
    private final boolean quiet;
    private final LongSupplier clock;
    private final Map<String, Transfer> active = new LinkedHashMap<>();
    private long lastDraw;
    private boolean lineShown;

    private static final class Transfer {
        final String label;
        final long total;
        final long start;
        long done;

        Transfer(String label, long total, long start) {
            this.label = label;
            this.total = total;
            this.start = start;
        }
    }

    Progress(Console console, boolean bar, boolean quiet, LongSupplier clock) {
        this.console = console;
        this.bar = bar;
        this.quiet = quiet;
        this.clock = clock;
    }

    /** The renderer for a command: a bar when stderr is a terminal and not in CI; nothing at all with {@code -n}. */
    public static Progress forConsole(Console console, boolean noProgress) {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isEmpty();
        return new Progress(console, console.interactive() && !ci && !noProgress, noProgress, System::nanoTime);
    }

    @Override public synchronized void started(String id, String label, long totalBytes) {
        active.put(id, new Transfer(label, totalBytes, clock.getAsLong()));
        draw(true);
    }

    @Override public synchronized void advanced(String id, long bytes) {
        Transfer t = active.get(id);
        if (t == null) return;
        t.done += bytes;
        draw(false);
    }

    @Override public synchronized void finished(String id, boolean ok, String message) {
        Transfer t = active.remove(id);
        if (t == null || !ok) {
            draw(true);
            return;
        }
        double secs = Math.max(1e-9, (clock.getAsLong() - t.start) / 1e9);
        line("fetched " + t.label + " (" + bytes(t.done) + " in " + String.format(java.util.Locale.ROOT, "%.1f s, %s/s", secs, bytes((long) (t.done / secs))) + ")");
    }

    @Override public synchronized void note(String message) { line(message); }

    @Override public synchronized void waiting(String message) {
        clear();
        console.status(message); // shown even with -n: a wait must never look like a hang
        draw(true);
    }

    private void line(String text) {
        if (quiet) return;
        clear();
        console.status(text);
        draw(true);
    }

    private void clear() {
        if (lineShown) {
            console.err().print("\r\u001b[K");
            lineShown = false;
        }
    }

    private void draw(boolean force) {
        if (!bar || active.isEmpty()) return;
        long now = clock.getAsLong();
        if (!force && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        console.err().print("\r\u001b[K" + render(now));
        console.err().flush();
        lineShown = true;
    }

    /** The bar line for the running transfers (package-visible for tests). */
    String render(long now) {
        long done = 0, total = 0, start = Long.MAX_VALUE;
        boolean known = true;
        for (Transfer t : active.values()) {
            done += t.done;
            if (t.total < 0) known = false; else total += t.total;
            start = Math.min(start, t.start);
        }
        double secs = Math.max(1e-3, (now - start) / 1e9);
        long rate = (long) (done / secs);
        String what = active.size() == 1 ? active.values().iterator().next().label : active.size() + " bundles";
        StringBuilder sb = new StringBuilder("Fetching ").append(what).append(' ');
        if (known && total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, done * width / total);
            sb.append('[').append("=".repeat(filled)).append(filled < width ? ">" : "").append(" ".repeat(Math.max(0, width - filled - 1))).append("] ");
            sb.append(bytes(done)).append('/').append(bytes(total));
            sb.append("  ").append(bytes(rate)).append("/s");
            if (rate > 0) sb.append("  ETA ").append(duration((total - done) / rate));
        } else {
            sb.append(bytes(done)).append("  ").append(bytes(rate)).append("/s");
        }
        return sb.toString();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long secs) {
        if (secs < 60) return secs + "s";
        if (secs < 3600) return (secs / 60) + "m" + String.format(java.util.Locale.ROOT, "%02d", secs % 60) + "s";
        return (secs / 3600) + "h" + String.format(java.util.Locale.ROOT, "%02d", (secs % 3600) / 60) + "m";
    }
}
