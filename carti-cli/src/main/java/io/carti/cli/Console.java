package io.carti.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The terminal: stdout carries only results, stderr carries status, prompts and errors.
 * {@code interactive} is true when a human sits at stdin/stdout (TTY); prompts and colours depend on it.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final boolean interactive;
    private final boolean color;

    public Console(PrintStream out, PrintStream err, InputStream in, boolean interactive, boolean color) {
        this.out = out;
        this.err = err;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.interactive = interactive;
        this.color = color;
    }

    public static Console system() {
        boolean tty = System.console() != null;
        String noColor = System.getenv("NO_COLOR");
        boolean color = tty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new Console(out, err, System.in, tty, color);
    }

    public PrintStream out() { return out; }

    public PrintStream err() { return err; }

    public BufferedReader in() { return in; }

    public boolean interactive() { return interactive; }

    /** One result line on stdout. */
    public void println(String s) { out.print(s + "\n"); }

    /** A status line on stderr (upstream's non-TTY spinner form {@code - <text>}). */
    public void status(String s) { err.print("- " + s + "\n"); err.flush(); }

    public void warn(String s) { err.print("warning: " + s + "\n"); err.flush(); }

    public void error(String s) { err.print("error: " + s + "\n"); err.flush(); }

    public String green(String s) { return color ? "\u001b[32m" + s + "\u001b[39m" : s; }

    public String magenta(String s) { return color ? "\u001b[35m" + s + "\u001b[39m" : s; }

    public void flush() { out.flush(); err.flush(); }
}
