#!/usr/bin/env bash
# The revision make up last installed, as far as this checkout can tell, and why that one, on one
# line: "<commit> <why>". UPGRADE_FROM when set; else the newest tag; else the merge base with
# origin/main when the branch has moved on from it; else the commit before HEAD. Nothing (and
# status 0) when the checkout holds no earlier revision (no git, or a shallow clone of one commit).
# UpgradeTest installs it on make test's API server, make e2e on the real cluster (make up of it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

git_line() { { git -C "$ROOT" "$@" 2>/dev/null || true; } | head -n 1; }
commit_of() { git_line rev-parse --short "$1^{commit}"; }

if [ -n "${UPGRADE_FROM:-}" ]; then
  commit=$(commit_of "$UPGRADE_FROM")
  [ -n "$commit" ] || { echo "last-release: UPGRADE_FROM=$UPGRADE_FROM names no commit here: git fetch it, or unset UPGRADE_FROM" >&2; exit 1; }
  echo "$commit UPGRADE_FROM=$UPGRADE_FROM"
  exit 0
fi
tag=$(git_line describe --tags --abbrev=0)
if [ -n "$tag" ]; then
  echo "$(commit_of "$tag") the newest tag, $tag"
  exit 0
fi
base=$(git_line merge-base HEAD origin/main)
if [ -n "$base" ] && [ "$base" != "$(git_line rev-parse HEAD)" ]; then
  echo "$(commit_of "$base") the merge base with origin/main"
  exit 0
fi
before=$(commit_of HEAD~1)
if [ -n "$before" ]; then
  echo "$before the commit before HEAD (no tag, and origin/main is not behind)"
fi
