package io.carti.cli;

import io.carti.core.store.Layout;
import java.util.concurrent.Callable;

/** Base of every leaf command: gives access to the invocation's {@link Context}. */
public abstract class BaseCommand implements Callable<Integer> {
    Context ctx;

    protected Context ctx() { return ctx; }

    protected Console console() { return ctx.console(); }

    protected Layout layout() { return ctx.layout(); }

    @Override public final Integer call() throws Exception { return run(); }

    /** Runs the command; returns the exit code. Throw {@link io.carti.core.CartiException} for failures. */
    protected abstract int run() throws Exception;
}
