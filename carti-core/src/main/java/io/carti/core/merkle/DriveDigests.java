package io.carti.core.merkle;

import io.carti.core.cid.Cid;
import io.carti.core.cid.CidHasher;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A drive's three identities from one read of the file: the carti CID, the sha256 and the Cartesi Merkle root.
 * The Merkle tree's pool hashes the chunks on every core while the reading thread feeds the same chunks, in order,
 * to the CID and sha256 digests.
 */
public record DriveDigests(Cid cid, String sha256, String merkleRoot, long size) {
    public static DriveDigests of(Path file, MerkleTree tree) {
        CidHasher cid = new CidHasher();
        MessageDigest sha = newSha256();
        byte[] root = tree.root(file, (b, off, len) -> {
            cid.update(b, off, len);
            sha.update(b, off, len);
        });
        return new DriveDigests(cid.finish(), HexFormat.of().formatHex(sha.digest()), HexFormat.of().formatHex(root), cid.count());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
