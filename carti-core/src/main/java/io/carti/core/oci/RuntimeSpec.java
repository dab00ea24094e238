package io.carti.core.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carti.core.CartiException;
import io.carti.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime-spec {@code config.json} for an image, as Cartesi's OCI-runtime proposal generates it
 * (ecosystem §3.6): args = Entrypoint ++ Cmd, env = PATH + the image's Env (+ HOME), cwd = WorkingDir, a read-only
 * {@code rootfs}, the usual mounts and namespaces, and runc's default three capabilities.
 */
public final class RuntimeSpec {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private RuntimeSpec() {}

    public static ObjectNode generate(ImageConfig c, Users.Ids user) {
        List<String> argv = c.argv();
        if (argv.isEmpty()) throw new CartiException(CartiException.Kind.INVALID_INPUT, "the image has neither Entrypoint nor Cmd: nothing to run");
        ObjectNode o = Json.object();
        o.put("ociVersion", "1.0.2");
        ObjectNode p = o.putObject("process");
        p.put("terminal", false);
        ObjectNode u = p.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        p.set("args", strings(argv));
        List<String> env = new ArrayList<>();
        if (c.env().stream().noneMatch(e -> e.startsWith("PATH="))) env.add(DEFAULT_PATH);
        env.addAll(c.env());
        // runc and crun set HOME from /etc/passwd at exec time; umoci and Docker write it into the env, so do we
        if (user.home() != null && c.env().stream().noneMatch(e -> e.startsWith("HOME="))) env.add("HOME=" + user.home());
        p.set("env", strings(env));
        p.put("cwd", c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir());
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) caps.set(set, strings(CAPS));
        ArrayNode rl = p.putArray("rlimits");
        rl.addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        p.put("noNewPrivileges", true);
        o.putObject("root").put("path", "rootfs").put("readonly", true);
        o.put("hostname", "cartesi");
        ArrayNode mounts = o.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc", List.of());
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        mount(mounts, "/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777"));
        ObjectNode linux = o.putObject("linux");
        ArrayNode ns = linux.putArray("namespaces");
        for (String t : List.of("pid", "ipc", "uts", "cgroup", "mount", "user")) ns.addObject().put("type", t);
        // the user namespace maps ids one to one, so files keep the owners the image gave them
        for (String m : List.of("uidMappings", "gidMappings")) {
            linux.putArray(m).addObject().put("containerID", 0).put("hostID", 0).put("size", 65536);
        }
        linux.set("maskedPaths", strings(List.of("/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi")));
        linux.set("readonlyPaths", strings(List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")));
        return o;
    }

    private static void mount(ArrayNode mounts, String dest, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", dest);
        m.put("type", type);
        m.put("source", source);
        if (!options.isEmpty()) m.set("options", strings(options));
    }

    private static ArrayNode strings(List<String> l) {
        ArrayNode a = Json.array();
        l.forEach(a::add);
        return a;
    }
}
