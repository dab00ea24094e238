package io.carti.core.oci;

import io.carti.core.CartiException;
import java.util.List;

/**
 * The guest command line for an imported image (ecosystem §3.5): what {@code machine add oci} stores as the
 * package's boot args, used after {@code --} in the 0.7 ROM bootargs and as the 0.19 DTB entrypoint (which
 * cartesi-init runs through {@code sh -c}). Every word is quoted for sh.
 */
public final class BootCommand {
    /** The 0.7 ROM bootargs hold 2048 bytes, the kernel options included. */
    public static final int MAX_LENGTH = 1536;

    private BootCommand() {}

    /** {@code export K='v' …; cd 'dir' && 'arg0' 'arg1' …} from a root-filesystem image. */
    public static String forRootfs(ImageConfig c) {
        List<String> argv = c.argv();
        if (argv.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the image has neither Entrypoint nor Cmd: nothing to boot into");
        StringBuilder sb = new StringBuilder();
        if (!c.env().isEmpty()) {
            sb.append("export");
            for (String e : c.env()) {
                int eq = e.indexOf('=');
                if (eq <= 0 || !e.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) continue; // not a shell variable
                sb.append(' ').append(e, 0, eq + 1).append(quote(e.substring(eq + 1)));
            }
            sb.append("; ");
        }
        if (c.workingDir() != null && !c.workingDir().isEmpty()) sb.append("cd ").append(quote(c.workingDir())).append(" && ");
        sb.append(String.join(" ", argv.stream().map(BootCommand::quote).toList()));
        return check(sb.toString());
    }

    /** Runs the runtime bundle mounted at {@code bundleDir} with crun (Cartesi's OCI runtime proposal). */
    public static String forRuntimeBundle(String bundleDir) {
        return check("crun run --bundle " + quote(bundleDir) + " app");
    }

    public static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String check(String cmd) {
        if (cmd.length() > MAX_LENGTH) {
            throw new CartiException(CartiException.Kind.INVALID_INPUT, "the boot command from the image config is " + cmd.length()
                    + " bytes, more than the " + MAX_LENGTH + " the boot args can hold; set a shorter one with 'carti machine add boot'");
        }
        return cmd;
    }
}
