#!/bin/bash
# Usage: bench/tools/parse-ab.sh [REV] [WORKLOAD] [ROUNDS]   (defaults: HEAD small-10k 200)
# Wall-time A/B of a parser change: libs/x12 as of REV (A) against the working tree (B), both bundled
# with the working tree's bench/parse-ab.ts and run in one process by bench/tools/parse-ab.js. The
# data comes from bench/data (run `npm run bench:parse -- --quick` once to write it).
set -euo pipefail
rev=${1:-HEAD}
workload=${2:-small-10k}
rounds=${3:-200}
root=$(git rev-parse --show-toplevel)
file="$root/bench/data/$workload.v2.x12"
[ -f "$file" ] || { echo "no $file: run npm run bench:parse -- --quick first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rev"
git -C "$root" archive "$rev" libs | tar -x -C "$tmp/rev"
bundle() { # $1: the tree whose libs/x12 is used, $2: output file
  (cd "$root" && node -e "
    require('esbuild').buildSync({ bundle: true, platform: 'node', target: 'node20', logLevel: 'warning',
      entryPoints: ['bench/parse-ab.ts'], outfile: process.argv[2], tsconfig: 'tsconfig.json',
      alias: { '@tradewire/x12': process.argv[1] + '/libs/x12/src' } });" "$1" "$2")
}
bundle "$tmp/rev" "$tmp/a.js"
bundle "$root" "$tmp/b.js"
node "$root/bench/tools/parse-ab.js" "$tmp/a.js" "$tmp/b.js" "$file" "$rounds"
