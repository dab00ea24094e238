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
import io.carti.core.schema.SchemaValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Command(name = "carti", version = Main.VERSION, mixinStandardHelpOptions = true, sortOptions = false,
            description = "Package manager for Cartesi Machine assets: bundle ROM, RAM and flash-drive images, "
                    + "publish and install them, and describe whole machines.",
            footerHeading = "%nExit codes:%n",
            footer = {"  0  success", "  1  the operation failed (the error line says why)", "  2  usage error (unknown option, missing argument)",
                    "", "Run 'carti <command> --help' for a command's options and examples."})
    public static final class Root implements Runnable {
        Context ctx;
        @Spec CommandSpec spec;
        @Mixin GlobalOptionsMixin global;

        @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "missing command"); }
    }

    /** The top-level commands, in the order {@code carti --help} lists them (registered by {@link #commandLine}). */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();
    static {
        // names spelled out rather than read from each @Command: reading annotations costs start-up (MainTest checks them)
        COMMANDS.put("bundle", BundleCommand.class);
        COMMANDS.put("publish", PublishCommand.class);
        COMMANDS.put("install", InstallCommand.class);
        COMMANDS.put("get", GetCommand.class);
        COMMANDS.put("which", WhichCommand.class);
        COMMANDS.put("list", ListCommand.class);
        COMMANDS.put("repo", RepoCommand.class);
        COMMANDS.put("machine", MachineCommand.class);
        COMMANDS.put("compose", ComposeCommand.class);
        COMMANDS.put("hash", HashCommand.class);
        COMMANDS.put("oci", OciCommand.class);
        COMMANDS.put("login", LoginCommand.class);
        COMMANDS.put("logout", LogoutCommand.class);
        COMMANDS.put("defaults", DefaultsCommand.class);
        COMMANDS.put("docker", DockerCommand.class);
        COMMANDS.put("version", VersionCommand.class);
        COMMANDS.put("completion", CompletionCommand.class);
    }

    /** Builds the whole picocli model (every command) with the context injected into every command object. */
    public static CommandLine commandLine(Context ctx) {
        return commandLine(ctx, COMMANDS.values(), new String[0], 0);
    }

    /**
     * The model for one invocation. Building picocli's model (annotations read reflectively, every option and
     * subcommand instantiated) is most of carti's start-up, so a run that names a command gets only that command;
     * root help, completion scripts and unknown commands (picocli's suggestions) get all of them.
     */
    static CommandLine commandLineFor(Context ctx, String[] args) {
        int at = nextWord(args, 0);
        Class<?> only = at < 0 ? null : COMMANDS.get(args[at]);
        // commands that first read a package and/or listings: compile those schemas on the idle core while picocli works
        if (only == MachineCommand.class) {
            SchemaValidator.preloadInBackground(SchemaValidator.Schema.PACKAGE, SchemaValidator.Schema.BUNDLES);
        } else if (only == InstallCommand.class || only == GetCommand.class || only == RepoCommand.class) {
            SchemaValidator.preloadInBackground(SchemaValidator.Schema.BUNDLES);
        }
        if (only == null || only == CompletionCommand.class) return commandLine(ctx);
        return commandLine(ctx, List.of(only), args, at + 1);
    }

    /** The index of the first argument at or after {@code from} that is not an option, or -1. */
    private static int nextWord(String[] args, int from) {
        for (int i = from; i < args.length; i++) if (!args[i].startsWith("-")) return i;
        return -1;
    }

    /**
     * The model of {@code commands} under the root; a {@link ParentCommand} gets only the subcommand named by the
     * next word of {@code args} after {@code at} (recursively), or all of them when that word names none.
     */
    private static CommandLine commandLine(Context ctx, Collection<Class<?>> commands, String[] args, int at) {
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
        for (Class<?> c : commands) cl.addSubcommand(command(c, factory, args, at));
        addHelpOption(cl);
        cl.setOut(new PrintWriter(ctx.console().out(), true));
        cl.setErr(new PrintWriter(ctx.console().err(), true));
        Handlers handlers = new Handlers(ctx);
        cl.setExecutionExceptionHandler(handlers);
        cl.setParameterExceptionHandler(handlers);
        cl.setExecutionStrategy(handlers);
        return cl;
    }

    private static CommandLine command(Class<?> cls, CommandLine.IFactory factory, String[] args, int at) {
        CommandLine cl = new CommandLine(cls, factory);
        if (cl.getCommand() instanceof ParentCommand parent) {
            int word = nextWord(args, at);
            Class<?> only = word < 0 ? null : parent.subcommands().get(args[word]);
            Collection<Class<?>> subs = only != null ? List.of(only) : parent.subcommands().values();
            for (Class<?> sub : subs) cl.addSubcommand(command(sub, factory, args, only != null ? word + 1 : args.length));
        }
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
        for (CommandLine sub : cl.getSubcommands().values()) addHelpOption(sub);
    }

    public static int run(String[] args, CartiEnv env, Console console) {
        int code = commandLineFor(new Context(env, console), args).execute(args);
        console.flush();
        return code;
    }

    /**
     * How a run ends: the banner before a command, one-line errors, exit codes. A named class rather than lambdas:
     * carti's start-up path has no invokedynamic at all (its first use costs tens of milliseconds).
     */
    private static final class Handlers implements CommandLine.IExecutionStrategy, CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler {
        private final Context ctx;

        Handlers(Context ctx) { this.ctx = ctx; }

        @Override public int execute(CommandLine.ParseResult parsed) {
            List<CommandLine> chain = parsed.asCommandLineList();
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) banner(ctx, chain.get(chain.size() - 1));
            return new CommandLine.RunLast().execute(parsed);
        }

        @Override public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            return handle(ex, ctx);
        }

        @Override public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            ctx.console().error(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                ctx.console().err().print("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?\n");
            }
            ctx.console().err().print("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.\n");
            return USAGE;
        }
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
