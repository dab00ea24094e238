package io.carti.core;

/**
 * A failure the user can act on. The message is one line that names the object (bundle, file, uri)
 * so the CLI can print it as {@code error: <message>} without a stack trace.
 */
public class CartiException extends RuntimeException {
    private final Kind kind;

    /** Broad classes of failure; the CLI maps them to exit codes. */
    public enum Kind { FAILED, NOT_FOUND, INTEGRITY, NETWORK, INVALID_INPUT }

    public CartiException(String message) { this(Kind.FAILED, message, null); }

    public CartiException(String message, Throwable cause) { this(Kind.FAILED, message, cause); }

    public CartiException(Kind kind, String message) { this(kind, message, null); }

    public CartiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    /**
     * What went wrong in a file operation, readable on its own: for several NIO exceptions the JDK's message is
     * only the path ({@code cannot read /p/x.lua: /p/x.lua}), which says nothing about the problem.
     */
    public static String reason(java.io.IOException e) {
        String file = e instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
        if (file != null && (e.getMessage() == null || e.getMessage().equals(file))) {
            if (e instanceof java.nio.file.NoSuchFileException) return file + ": no such file or directory";
            if (e instanceof java.nio.file.AccessDeniedException) return file + ": permission denied";
            if (e instanceof java.nio.file.NotDirectoryException) return file + ": not a directory";
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                return java.nio.file.Files.isDirectory(java.nio.file.Path.of(file)) ? file + ": already exists"
                        : file + ": already exists and is not a directory";
            }
            if (e instanceof java.nio.file.DirectoryNotEmptyException) return file + ": directory not empty";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
