#!/usr/bin/env bash
# stamp-fyneapp.sh VERSION IN OUT: writes FyneApp.toml with this build's
# version: Version = the a.b.c part (fyne wants three numbers), Build = the
# commit count, and the icon path made absolute (OUT may be elsewhere).
set -euo pipefail
version=$1; in=$2; out=$3
base=${version%%+*}; base=${base%%-*}
IFS=. read -r a b c <<<"$base"; c=${c%%[^0-9]*}
build=$(git rev-list --count HEAD 2>/dev/null || echo 1)
icon=$(cd "$(dirname "$in")" && pwd)/$(sed -n 's/^ *Icon *= *"\(.*\)".*/\1/p' "$in")
sed -e "s/^\( *Version *= *\).*/\1\"${a:-0}.${b:-0}.${c:-0}\"/" -e "s/^\( *Build *= *\).*/\1$build/" \
    -e "s|^\( *Icon *= *\).*|\1\"$icon\"|" "$in" > "$out.new"
mv "$out.new" "$out"
