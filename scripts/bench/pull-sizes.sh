#!/usr/bin/env bash
# What a node pulls for these images: each image's size (uncompressed, as docker images shows it), the
# part of it no image before it in the list has (its unique layers), both also as the registry stores
# them (each layer gzip'ed at level 6, Go's default, which docker push uses), and the totals. A layer
# shared by several images (the base's) is pulled once and counted once, for the first that has it.
# Usage: scripts/bench/pull-sizes.sh IMAGE...   (make bench-startup runs it on every platform image)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 IMAGE..." >&2; exit 2; }
for tool in docker gzip tar; do
  command -v "$tool" >/dev/null || { echo "pull-sizes: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docker save "$@" | tar -x -C "$work"

# manifest.json is one line: [{"Config":"<id>.json","RepoTags":["name:tag"],"Layers":["<id>/layer.tar",...]},...].
# A layer's folder name depends on the image it was saved with; its diff_id (the config's
# rootfs.diff_ids, in the same order) is its content's digest, the same in every image.
entry_of() { # image
  grep -o "{\"Config\":\"[^\"]*\",\"RepoTags\":\[\"$1\"\],\"Layers\":\[[^]]*\]" "$work/manifest.json"
}
# One "diff_id path" line per layer of the image, bottom first.
layers_of() { # image
  local entry config
  entry=$(entry_of "$1")
  config=${entry#\{\"Config\":\"}
  config=${config%%\"*}
  paste -d ' ' \
    <(grep -o '"diff_ids":\[[^]]*\]' "$work/$config" | sed 's/.*\[//; s/\]$//' | tr ',' '\n' | tr -d '"') \
    <(sed 's/.*"Layers":\[//; s/\]$//' <<<"$entry" | tr ',' '\n' | tr -d '"')
}

# Each layer's size and gzip'ed size by diff_id, measured once however many images share it.
declare -A bytes_of packed_of
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1000000 }'; }
total=0 total_gz=0 unique_total=0 unique_gz_total=0
printf '%-28s %9s %9s %14s %14s\n' image "size MB" "gzip MB" "unique MB" "unique gzip MB"
for image in "$@"; do
  size=0 gz=0 unique=0 unique_gz=0
  layers=$(layers_of "$image")
  [ -n "$layers" ] || { echo "pull-sizes: docker save wrote no layers for $image" >&2; exit 1; }
  while read -r digest layer; do
    if [ -z "${bytes_of[$digest]:-}" ]; then
      bytes_of[$digest]=$(wc -c < "$work/$layer")
      packed_of[$digest]=$(gzip -6 -c "$work/$layer" | wc -c)
      unique=$((unique + bytes_of[$digest])) unique_gz=$((unique_gz + packed_of[$digest]))
    fi
    size=$((size + bytes_of[$digest])) gz=$((gz + packed_of[$digest]))
  done <<<"$layers"
  total=$((total + size)) total_gz=$((total_gz + gz))
  unique_total=$((unique_total + unique)) unique_gz_total=$((unique_gz_total + unique_gz))
  printf '%-28s %9s %9s %14s %14s\n' "$image" "$(mb "$size")" "$(mb "$gz")" "$(mb "$unique")" "$(mb "$unique_gz")"
done
printf '%-28s %9s %9s %14s %14s\n' "all, each layer once" "" "" "$(mb "$unique_total")" "$(mb "$unique_gz_total")"
echo "target: what a node pulls for all of them (unique, as pulled) at most 400 MB"
