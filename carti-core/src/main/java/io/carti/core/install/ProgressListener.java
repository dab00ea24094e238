package io.carti.core.install;

/**
 * What an install reports while it runs; the CLI renders it (a bar on a terminal, plain lines otherwise).
 * Calls may come from several download threads at once. Every method has a no-op default.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    /** A transfer of {@code label} starts; {@code totalBytes} is -1 when unknown. */
    default void started(String id, String label, long totalBytes) {}

    default void advanced(String id, long bytes) {}

    /** A transfer ended: {@code ok} or failed with {@code message}. */
    default void finished(String id, boolean ok, String message) {}

    /** Something worth a status line: a retry, a fallback to another source, a skipped bundle. */
    default void note(String message) {}

    /** Another process holds a lock we need; we wait for it. */
    default void waiting(String message) {}
}
