package io.carti.core.repo;

import io.carti.core.CartiEnv;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a repo's {@code bundles.json} lives, parsed from what the user typed (§3.7, §6.1, B10 fixed).
 * <ul>
 *   <li>{@link Kind#FILE}: a local directory holding {@code bundles.json} (upstream's disk repo) or a listing file;</li>
 *   <li>{@link Kind#HTTP}: an http(s) URL of a {@code .json} file, fetched from that host as is;</li>
 *   <li>{@link Kind#GIT}: any git URL (https, ssh, {@code user@host:path}, git://, file://) or a local git
 *       repository (work tree or bare). {@code https://github.com/<o>/<r>/tree/<ref>} and a {@code #<ref>}
 *       suffix select a branch, tag or commit.</li>
 * </ul>
 * {@code key} is the name the repo cache uses: upstream's normalisation (a URL as typed, a path made absolute).
 */
public record RepoLocation(String key, Kind kind, String url, String ref, Path path) {
    public enum Kind { FILE, HTTP, GIT }

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final Pattern SCP = Pattern.compile("^[^/@:]+@[^/:]+:.+");
    private static final Pattern GITHUB_TREE = Pattern.compile("^(https?://github\\.com/[^/]+/[^/]+?)(?:\\.git)?/tree/(.+)$");

    /** Upstream's key for a repo argument: URLs as typed, paths resolved against the project directory. */
    public static String key(String src, CartiEnv env) {
        return isUrl(src) ? src : env.resolve(src).toString();
    }

    public static boolean isUrl(String src) {
        return SCHEME.matcher(src).find() || SCP.matcher(src).matches();
    }

    public static RepoLocation parse(String src, CartiEnv env) {
        String key = key(src, env);
        String body = key;
        String ref = null;
        int hash = key.lastIndexOf('#');
        if (hash > 0) {
            body = key.substring(0, hash);
            ref = key.substring(hash + 1);
            if (ref.isEmpty()) ref = null;
        }
        Matcher gh = GITHUB_TREE.matcher(body);
        if (gh.matches()) return new RepoLocation(key, Kind.GIT, gh.group(1), ref != null ? ref : gh.group(2), null);
        String lower = body.toLowerCase();
        if ((lower.startsWith("http://") || lower.startsWith("https://"))) {
            boolean jsonFile = URI.create(body).getPath() != null && URI.create(body).getPath().endsWith(".json");
            return jsonFile && ref == null ? new RepoLocation(key, Kind.HTTP, body, null, null) : new RepoLocation(key, Kind.GIT, body, ref, null);
        }
        if (lower.startsWith("file://")) {
            Path p = Path.of(URI.create(body));
            return local(key, body, ref, p);
        }
        if (isUrl(body)) return new RepoLocation(key, Kind.GIT, body, ref, null);
        return local(key, body, ref, Path.of(body));
    }

    /** A local directory: its bundles.json as upstream read it, unless a ref asks for git or only git has the file. */
    private static RepoLocation local(String key, String url, String ref, Path p) {
        if (ref == null && (Files.isRegularFile(p) || Files.isRegularFile(p.resolve("bundles.json")) || !isGitRepo(p))) {
            return new RepoLocation(key, Kind.FILE, url, null, Files.isRegularFile(p) ? p : p.resolve("bundles.json"));
        }
        return new RepoLocation(key, Kind.GIT, p.toString(), ref, p);
    }

    static boolean isGitRepo(Path p) {
        if (Files.exists(p.resolve(".git"))) return true;
        return Files.isRegularFile(p.resolve("HEAD")) && Files.isDirectory(p.resolve("objects")) && Files.isDirectory(p.resolve("refs"));
    }

    /** Whether reading this repo needs the network (forbidden by --offline). */
    public boolean needsNetwork() {
        return switch (kind) {
            case FILE -> false;
            case HTTP -> true;
            case GIT -> path == null && !url.startsWith("file:");
        };
    }
}
