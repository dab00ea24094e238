package io.carti.cli;

/** Options every command accepts (set through {@link GlobalOptionsMixin}). */
public final class GlobalOptions {
    public boolean debug;
    public boolean offline;
}
