package io.carti.cli.command.publish;

import picocli.CommandLine.Option;

/** Options shared by the publish subcommands. */
public final class PublishOptions {
    @Option(names = {"-y", "--yes"}, description = "Take the first matching bundle without asking.")
    boolean yes;

    @Option(names = "--commit", description = "Commit the updated ./bundles.json in its git work tree (message names the bundle and version).")
    boolean commit;
}
