#!/usr/bin/env bash
# Refresh the web UI's vendored libraries and map data from the npm registry.
#
#   scripts/vendor-ui.sh            # the pinned versions below
#
# Writes crates/newsgraph-server/ui/vendor/: the UMD bundles of d3-array, d3-geo and
# topojson-client (ISC), Natural Earth country outlines as TopoJSON from world-atlas
# (1:110m and 1:50m; Natural Earth is public domain, world-atlas's packaging ISC),
# each package's LICENSE, and VERSIONS (name, version, npm integrity). Uses only
# `npm pack` (no install, no build step, no other network). The UI loads these files
# from the binary; nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/newsgraph-server/ui/vendor
packages=(d3-array@3.2.4 d3-geo@3.1.1 topojson-client@3.1.0 world-atlas@2.0.2)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --json "${packages[@]}" > pack.json)

mkdir -p "$out"
rm -f "$out"/*.js "$out"/*.json "$out"/LICENSE.* "$out"/VERSIONS
: > "$out/VERSIONS"
for spec in "${packages[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  dir="$tmp/$name"
  mkdir -p "$dir"
  tar -xzf "$tmp/$name-$version.tgz" -C "$dir"
  cp "$dir/package/LICENSE" "$out/LICENSE.$name"
  case $name in
    world-atlas)
      cp "$dir/package/countries-110m.json" "$dir/package/countries-50m.json" "$out/"
      ;;
    *)
      cp "$dir/package/dist/$name.min.js" "$out/"
      ;;
  esac
  integrity=$(python3 -c 'import json,sys; [print(p["integrity"]) for p in json.load(open(sys.argv[1])) if p["name"]==sys.argv[2]]' "$tmp/pack.json" "$name")
  printf '%s %s %s\n' "$name" "$version" "$integrity" >> "$out/VERSIONS"
done
# The bundles must not need eval: the UI's Content-Security-Policy forbids it.
if grep -l 'new Function\|eval(' "$out"/*.js; then
  echo "a vendored bundle uses eval or new Function: the CSP would block it" >&2
  exit 1
fi
ls -l "$out"
