#!/usr/bin/env bash
# carti's main job on the bundled example images: bundle them, describe a machine that uses them, and render the
# emulator's Lua config. Runs in a scratch directory with its own carti home, so it touches nothing of yours.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CARTI="$HERE/../carti"
WORK="${1:-$(mktemp -d -t carti-demo-XXXXXX)}"
export CARTI_HOME="$WORK/.carti-home"
mkdir -p "$WORK" && cd "$WORK"
run() { echo "\$ carti $*" >&2; "$CARTI" "$@"; }

run bundle -t rom -n demo-rom -v 0.1.0 -d "stand-in ROM" "$HERE/images/rom.bin"
run bundle -t ram -n demo-kernel -v 0.1.0 -d "stand-in kernel" "$HERE/images/linux.bin"
run bundle -t flashdrive -n hello-drive -v 1.0.0 -d "the emulator's hello.ext2" "$HERE/images/hello.ext2"
run bundle -t flashdrive -n dapp-data -v 1.0.0 -d "upstream's test drive" "$HERE/images/dapp-test-data.ext2"
run list
run which dapp-data
run machine init
run machine add rom demo-rom -y
run machine add ram demo-kernel -y
run machine rm flash root
run machine add flash hello-drive -m root -y
run machine add flash dapp-data -m data -y
run machine add boot "cat /mnt/data/test-data"
run machine build
echo "--- $WORK/machine-config.lua" >&2
cat machine-config.lua
# two flash bundles squashed into one deterministic drive, and the Merkle root of a drive
run compose flash --name merged-data -y hello-drive dapp-data
run hash -y hello-drive
