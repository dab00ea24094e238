package io.carti.core.transport;

/** A source stream that knows how many bytes it will deliver (for progress bars); -1 when it does not. */
public interface KnownLength {
    long remainingBytes();
}
