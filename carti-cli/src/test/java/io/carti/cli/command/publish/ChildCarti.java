package io.carti.cli.command.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs carti in a child JVM (a real process with its own environment, heap limit and JVM flags). */
final class ChildCarti {
    record Result(int exit, String out, String err) {
        @Override public String toString() { return "exit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    private ChildCarti() {}

    static Result run(Path cwd, Path home, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Duser.home=" + home);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.carti.cli.Main");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("carti-child", ".out");
        Path err = Files.createTempFile("carti-child", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CARTI_"));
            pb.environment().put("CARTI_HOME", home.resolve(".carti").toString());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("carti " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
