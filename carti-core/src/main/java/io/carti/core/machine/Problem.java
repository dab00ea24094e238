package io.carti.core.machine;

import java.util.List;

/**
 * One thing wrong with a package for a target: {@code subject} names the part ("drive 'data'", "ram", "boot"),
 * {@code drives} lists the drive labels involved (so {@code machine add} can report only what it changed).
 */
public record Problem(String subject, String message, List<String> drives) {
    public static Problem of(String subject, String message) { return new Problem(subject, message, List.of()); }

    public static Problem drive(String label, String message, String... others) {
        List<String> all = new java.util.ArrayList<>();
        all.add(label);
        all.addAll(List.of(others));
        return new Problem("drive '" + label + "'", message, List.copyOf(all));
    }

    public boolean involves(String label) { return drives.contains(label); }

    @Override public String toString() { return subject + ": " + message; }
}
