#!/usr/bin/env bash
# Prints this checkout's version for binaries and packages, from git describe:
#   at a tag v1.2.3              → 1.2.3
#   5 commits after v1.2.3       → 1.2.3+5.gabc1234
#   no tag yet                   → VERSION-in-FyneApp.toml+git<commits>.gabc1234
#   not a git checkout           → VERSION-in-FyneApp.toml
# A "+…" suffix sorts after the release in dpkg and is valid SemVer build
# metadata; uncommitted changes add ".dirty".
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(sed -n 's/^ *Version *= *"\([0-9][0-9.]*\)".*/\1/p' FyneApp.toml | head -n1)
base=${base:-0.0.0}
if ! d=$(git describe --tags --match 'v[0-9]*' --long --dirty=.dirty 2>/dev/null); then
  if h=$(git rev-parse --short=7 HEAD 2>/dev/null); then
    n=$(git rev-list --count HEAD)
    dirty=""
    [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && dirty=".dirty"
    echo "${base}+git${n}.g${h}${dirty}"
  else
    echo "$base"
  fi
  exit 0
fi
# v1.2.3-5-gabc1234[.dirty]
dirty=""
[[ $d == *.dirty ]] && { dirty=".dirty"; d=${d%.dirty}; }
tag=${d%-*-g*}; rest=${d#"$tag"-}; n=${rest%%-*}; h=${rest#*-}
v=${tag#v}
if [[ $n == 0 ]]; then echo "${v}${dirty}"; else echo "${v}+${n}.${h}${dirty}"; fi
