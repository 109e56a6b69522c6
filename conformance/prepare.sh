#!/usr/bin/env bash
# Build or install every real tool the conformance suite runs, into $CONFORMANCE_CACHE keyed by
# version (cached ones are reused): the Debian packages, kube-apiserver and etcd, istioctl,
# promtool, Checkov and the linters. .ci/run starts this in the background before `npm ci`, so on
# a cold machine the downloads (apt, PyPI, the Go module proxy) and the Go compiles overlap the
# install and the tests instead of following them. run.sh calls the same scripts, which then
# find everything cached; anything that failed here is retried there and fails there.
#
#   bash conformance/prepare.sh
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
t0=$SECONDS
rc=0
# Mostly download: in parallel with the compiles.
bash "$dir/install-system-packages.sh" & packages=$!
bash "$dir/build-tools.sh" checkov & checkov=$!
# The compiles share two cores: one after the other.
bash "$dir/build-apiserver.sh" || rc=1
bash "$dir/build-tools.sh" istioctl promtool || rc=1
bash "$dir/install-linters.sh" || rc=1
wait "$packages" || rc=1
wait "$checkov" || rc=1
echo "prepare.sh: done in $((SECONDS - t0))s (exit $rc)"
exit $rc
