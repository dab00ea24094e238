package io.carti.cli;

import io.carti.core.CartiEnv;
import io.carti.core.store.Layout;

/** What every command needs: where it runs and the terminal. Built once per invocation by {@link Main}. */
public final class Context {
    private final CartiEnv env;
    private final Console console;
    private final GlobalOptions options = new GlobalOptions();

    public Context(CartiEnv env, Console console) {
        this.env = env;
        this.console = console;
    }

    public CartiEnv env() { return env; }

    public Layout layout() { return new Layout(env); }

    public Console console() { return console; }

    public GlobalOptions options() { return options; }
}
