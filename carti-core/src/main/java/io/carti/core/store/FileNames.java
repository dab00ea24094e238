package io.carti.core.store;

import io.carti.core.CartiException;

/** B27: a file name from metadata or a listing must stay inside its store directory. */
public final class FileNames {
    private FileNames() {}

    public static String requireSafe(String name, String what) {
        if (name == null || name.isEmpty()) throw unsafe(name, what, "it is empty");
        if (name.equals(".") || name.equals("..")) throw unsafe(name, what, "it is a relative directory");
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) throw unsafe(name, what, "it contains a path separator");
        if (name.indexOf('\0') >= 0) throw unsafe(name, what, "it contains a NUL byte");
        return name;
    }

    public static boolean isSafe(String name) {
        try { requireSafe(name, ""); return true; } catch (CartiException e) { return false; }
    }

    private static CartiException unsafe(String name, String what, String why) {
        return new CartiException(CartiException.Kind.INVALID_INPUT,
                "unsafe file name '" + (name == null ? "" : name.replace("\0", "\\0")) + "' in " + what + ": " + why);
    }
}
