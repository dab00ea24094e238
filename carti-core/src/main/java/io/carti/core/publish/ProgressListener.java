package io.carti.core.publish;

/** Progress of an upload, in bytes; the CLI renders it. The default does nothing. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    default void started(String what, long totalBytes) {}

    default void advanced(long bytes) {}

    default void finished() {}
}
