#!/usr/bin/env bash
# The pull-request plan for any CI system: render, check that dist/ is fresh, then plan the committed
# dist/ of this checkout against the dist/ of BASE and write the markdown comment to OUT.
#
#   scripts/ci-plan.sh BASE [OUT]      e.g. scripts/ci-plan.sh origin/main plan.md
#
# Exit codes: plan's own (0 ok, 1 spec errors, 2 usage, 3 internal, 4 --fail-on threshold), and
# 5 when dist/ is stale (the render differs from what is committed; OUT is not written).
# Environment:
#   PLAN_FAIL_ON  danger (default) or caution: the level that makes plan exit 4
#   PLAN_RENDER   1 (default) renders and checks freshness first; 0 plans the committed trees as they are
#   PLAN_CLI      the compiler command, split on spaces (default: node <repo>/scripts/cli.mjs)
#   PLAN_DIST     the rendered folder, relative to the repository (default: dist)
set -euo pipefail

base_ref=${1:?usage: scripts/ci-plan.sh BASE [OUT]}
out=${2:-plan.md}
# OUT is relative to where the script was started, not to the repository it moves into.
case $out in /*) ;; *) out="$PWD/$out" ;; esac
repo=$(git rev-parse --show-toplevel)
cli=${PLAN_CLI:-"node $repo/scripts/cli.mjs"}
dist=${PLAN_DIST:-dist}
fail_on=${PLAN_FAIL_ON:-danger}
cd "$repo"

if [ "${PLAN_RENDER:-1}" = 1 ]; then
  $cli synth
  # Fresh means: the render matches the commit, with nothing modified and nothing new under dist/.
  if ! git diff --quiet HEAD -- "$dist" || [ -n "$(git ls-files --others --exclude-standard -- "$dist")" ]; then
    echo "error: $dist/ is stale: run \`npm run synth\` and commit the result" >&2
    git status --short -- "$dist" >&2
    exit 5
  fi
fi

base_commit=$(git rev-parse --verify --quiet "$base_ref^{commit}") || { echo "error: base '$base_ref' is not a commit (fetch it first)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The base's rendered tree, read straight from git: no second checkout, no render of the old spec.
mkdir -p "$scratch/base/$dist"
if git cat-file -e "$base_commit:$dist" 2>/dev/null; then
  git archive "$base_commit" -- "$dist" | tar -x -C "$scratch/base"
fi

set +e
$cli plan --base "$scratch/base/$dist" --head "$repo/$dist" --format markdown --fail-on "$fail_on" > "$out"
code=$?
set -e
echo "plan: wrote $out (exit $code)" >&2
exit "$code"
