package io.carti.cli.command;

import io.carti.cli.BaseCommand;
import io.carti.core.bundle.Bundler;
import io.carti.core.transport.UrlDownload;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bundle", sortOptions = false,
        description = "Bundle a file (or the download of an http(s) URL) into the local store ./carti_bundles and print its CID.",
        footerHeading = "%nExamples:%n",
        footer = {"  carti bundle -t flashdrive -n dapp-data -v 1.0.0 -d 'my data' dapp-data.ext2",
                "  carti bundle -t rom -n rom -v v0.4.0 -d 'Cartesi ROM' https://example.com/rom.bin",
                "  carti bundle -t ram -n kernel -v 1 -d kernel -f linux.bin 'https://host/download?id=7'"})
public final class BundleCommand extends BaseCommand {
    @Parameters(paramLabel = "<src>", description = "A file path or an http(s) URL.")
    String src;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "<type>", description = "ram | rom | flashdrive | raw")
    String type;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "<name>", description = "Bundle name.")
    String name;

    @Option(names = {"-v", "--version"}, required = true, paramLabel = "<version>", description = "Bundle version.")
    String version;

    @Option(names = {"-d", "--desc"}, required = true, paramLabel = "<desc>", description = "Description (kept in carti-meta.json).")
    String desc;

    @Option(names = {"-f", "--filename"}, paramLabel = "<name>",
            description = "File name to store the bundle under (default: the source's name, or the download's Content-Disposition name).")
    String fileName;

    @Override protected int run() {
        console().status("Bundling package");
        Bundler bundler = new Bundler(layout());
        Bundler.Result r;
        Path local = ctx().env().resolve(src);
        if (UrlDownload.isUrl(src) && !Files.exists(local)) {
            try (UrlDownload.Downloaded d = new UrlDownload().download(src, fileName)) {
                r = bundler.bundle(new Bundler.Request(d.file(), d.fileName(), type, name, version, desc));
            }
        } else {
            r = bundler.bundle(new Bundler.Request(local, fileName, type, name, version, desc));
        }
        console().println("bundled: " + name + " as " + r.bundle().id());
        return 0;
    }
}
