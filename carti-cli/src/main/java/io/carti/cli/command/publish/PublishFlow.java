package io.carti.cli.command.publish;

import io.carti.cli.Console;
import io.carti.cli.Picker;
import io.carti.core.bundle.Bundle;
import io.carti.core.publish.PublishTarget;
import io.carti.core.publish.Publisher;

/** The steps every publish subcommand shares: choose the local bundle, and report what happened. */
final class PublishFlow {
    private PublishFlow() {}

    static Bundle choose(Publisher publisher, Console console, String name, boolean yes) {
        return new Picker(console).pick("Which bundle would you like to publish", publisher.candidates(name), yes,
                b -> b.describe("local"));
    }

    /** Status lines on stderr, then upstream's {@code published to <where>} on stdout. */
    static void report(Console console, Publisher.Result r, String where, PublishOptions common) {
        if (r.upload().outcome() == PublishTarget.Outcome.SKIPPED) {
            console.status(r.upload().uri() + " already holds " + r.entry().id() + "; not copied again (--force copies anyway)");
        }
        String file = "bundles.json";
        switch (r.listed().change()) {
            case ADDED -> console.status("added " + r.entry().name() + " " + r.entry().version() + " to " + file);
            case UPDATED -> console.status("updated " + r.entry().name() + " " + r.entry().version() + " in " + file
                    + ": uri " + r.listed().previous().uri() + " -> " + r.entry().uri());
            case UNCHANGED -> console.status(file + " already lists " + r.entry().name() + " " + r.entry().version()
                    + " at " + r.entry().uri());
        }
        if (r.commit() != null) {
            console.status("committed " + file + " (" + r.commit() + ")");
        } else if (common.commit) {
            console.status(file + " is committed already; nothing to commit");
        }
        if (r.listingInWorkTree() != null && !r.listingInWorkTree().equals(file)) {
            console.status("note: the listing is " + r.listingInWorkTree() + " in its git work tree, but 'carti repo add <git url>' "
                    + "reads only the top-level bundles.json; publish from the top of the work tree to share it through git");
        }
        console.println("published to " + where);
    }
}
