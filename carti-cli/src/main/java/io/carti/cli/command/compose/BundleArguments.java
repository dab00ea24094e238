package io.carti.cli.command.compose;

import io.carti.cli.Picker;
import io.carti.core.CartiException;
import io.carti.core.bundle.Bundle;
import io.carti.core.cid.Cid;
import io.carti.core.store.InstalledBundles;
import io.carti.core.store.Layout;
import java.util.List;

/** Turns a command-line bundle argument (a CID, or the name of an installed bundle) into a CID. */
public final class BundleArguments {
    private BundleArguments() {}

    /** A CID as is; a name through the local then global index, asking when several bundles share it. */
    public static Cid resolve(String arg, Layout layout, Picker picker, boolean yes) {
        if (Cid.isCid(arg)) return Cid.parse(arg);
        List<Bundle> candidates = new InstalledBundles(layout).getCandidates(arg, false);
        if (candidates.isEmpty()) {
            throw new CartiException(CartiException.Kind.NOT_FOUND, "bundle '" + arg + "' is not installed (see 'carti list')");
        }
        return picker.pick("Which bundle '" + arg + "' do you mean", candidates, yes, b -> b.describe("installed")).cid();
    }
}
