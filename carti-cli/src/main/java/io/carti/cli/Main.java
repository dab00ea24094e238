package io.carti.cli;

import io.carti.cli.command.BundleCommand;
import io.carti.cli.command.CompletionCommand;
import io.carti.cli.command.ComposeCommand;
import io.carti.cli.command.DefaultsCommand;
import io.carti.cli.command.DockerCommand;
import io.carti.cli.command.GetCommand;
import io.carti.cli.command.HashCommand;
import io.carti.cli.command.InstallCommand;
import io.carti.cli.command.ListCommand;
import io.carti.cli.command.LoginCommand;
import io.carti.cli.command.LogoutCommand;
import io.carti.cli.command.MachineCommand;
import io.carti.cli.command.OciCommand;
import io.carti.cli.command.PublishCommand;
import io.carti.cli.command.RepoCommand;
import io.carti.cli.command.VersionCommand;
import io.carti.cli.command.WhichCommand;
import io.carti.core.CartiEnv;
import io.carti.core.CartiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point. {@link #run} is the whole CLI and is what the tests call (with their own env and console). */
public final class Main {
    public static final String VERSION = "2.0.0";

    /** Exit codes (also listed in {@code carti --help}); upstream used 1 for every failure, usage errors now get 2. */
    public static final int OK = 0, FAILED = 1, USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        Console console = Console.system();
        int code = run(args, CartiEnv.system(), console);
        console.flush();
        System.exit(code);
    }

    @Command(name = "carti", versionProvider = Main.Version.class, mixinStandardHelpOptions = true, sortOptions = false,
            description = "Package manager for Cartesi Machine assets: bundle ROM, RAM and flash-drive images, "
                    + "publish and install them, and describe whole machines.",
            subcommands = {
                    BundleCommand.class, PublishCommand.class, InstallCommand.class, GetCommand.class,
                    WhichCommand.class, ListCommand.class, RepoCommand.class, MachineCommand.class,
                    ComposeCommand.class, HashCommand.class, OciCommand.class, LoginCommand.class, LogoutCommand.class,
                    DefaultsCommand.class, DockerCommand.class, VersionCommand.class, CompletionCommand.class},
            footerHeading = "%nExit codes:%n",
            footer = {"  0  success", "  1  the operation failed (the error line says why)", "  2  usage error (unknown option, missing argument)",
                    "", "Run 'carti <command> --help' for a command's options and examples."})
    public static final class Root implements Runnable {
        Context ctx;
        @Spec CommandSpec spec;
        @Mixin GlobalOptionsMixin global;

        @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing command"); }
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {VERSION}; }
    }

    /** Builds the picocli model with the context injected into every command object. */
    public static CommandLine commandLine(Context ctx) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override public <K> K create(Class<K> cls) throws Exception {
                K k = defaults.create(cls);
                if (k instanceof BaseCommand b) b.ctx = ctx;
                if (k instanceof Root r) r.ctx = ctx;
                return k;
            }
        };
        CommandLine cl = new CommandLine(Root.class, factory);
        addHelpOption(cl);
        cl.setOut(new PrintWriter(ctx.console().out(), true));
        cl.setErr(new PrintWriter(ctx.console().err(), true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, ctx));
        cl.setParameterExceptionHandler((ex, args) -> {
            ctx.console().error(ex.getMessage());
            ctx.console().err().print("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.\n");
            return USAGE;
        });
        return cl;
    }

    /**
     * Gives every command {@code -h/--help}. (picocli's standard help mixin would also add {@code -V/--version},
     * which clashes with upstream's {@code bundle -v/--version <version>}.)
     */
    private static void addHelpOption(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(Main::addHelpOption);
    }

    public static int run(String[] args, CartiEnv env, Console console) {
        Context ctx = new Context(env, console);
        CommandLine cl = commandLine(ctx);
        cl.setExecutionStrategy(parsed -> {
            CommandLine leaf = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) banner(ctx, leaf);
            return new CommandLine.RunLast().execute(parsed);
        });
        int code = cl.execute(args);
        console.flush();
        return code;
    }

    /** B8: the "add the default repo" hint goes to stderr, and only until ~/.carti exists. */
    private static void banner(Context ctx, CommandLine leaf) {
        Object cmd = leaf.getCommand();
        if (cmd instanceof DefaultsCommand || cmd instanceof CompletionCommand || cmd instanceof VersionCommand) return;
        if (!ctx.console().interactive() || Files.isDirectory(ctx.env().cartiHome())) return;
        ctx.console().err().print(DefaultsCommand.BANNER);
    }

    static int handle(Exception ex, Context ctx) {
        Console c = ctx.console();
        if (ex instanceof CartiException ce) {
            // a message may list several problems (schema violations), one per line: each gets its own error line
            String m = ce.getMessage() == null ? "" : ce.getMessage().replace("\r", "");
            for (String line : m.split("\n")) if (!line.isBlank()) c.error(line);
            if (ctx.options().debug) ce.printStackTrace(c.err());
            return FAILED;
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        c.error(oneLine(msg));
        if (ctx.options().debug) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            c.err().print(sw);
        } else {
            c.err().print("(run with --debug for the stack trace)\n");
        }
        return FAILED;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", "").replace("\n", " ");
    }
}
