#!/usr/bin/env bash
# gobuild.sh OUT GO-BUILD-ARGS…: go build into OUT, replacing OUT only when
# the new program differs, so what is made from it (packages, installers)
# is not made again for nothing. (go build relinks and rewrites its output
# every time.)
set -euo pipefail
out=$1; shift
"${GO:-go}" build -o "$out.new" "$@"
if cmp -s "$out.new" "$out"; then rm "$out.new"; else mv "$out.new" "$out"; fi
