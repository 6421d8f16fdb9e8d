#!/usr/bin/env bash
# Regenerates fixtures/logs/* by running every case's tools FOR REAL.
#
#   npm run fixtures                 # all cases
#   bash scripts/gen-fixtures.sh ID  # only the named case(s)
#
# Needs: root (cgroup memory limits, tmpfs mounts, running steps as `nobody`),
# node/npm, python3 + pytest, cargo/rustc (+clippy, rustfmt), mvn + JDK 17 with a
# primed ~/.m2, git, curl, the docker CLI (no daemon), coreutils.
# Network: only the npm registry (+ the machine's local Python package index to
# prime the lint venv). Everything else is expected to be unreachable: the
# network-error fixtures depend on that.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/.." && pwd)"
export FIXTURE_RUNNER_HOME="${FIXTURE_RUNNER_HOME:-/home/runner}"
RH="$FIXTURE_RUNNER_HOME"
TOOLS="$RH/_fixture-tools"
PY_BIN="${FIXTURE_PY_BIN:-$(dirname "$(python3 -c 'import sys; print(sys.executable)')")}"
export FIXTURE_PY_BIN="$PY_BIN"

if [ "$(id -u)" != 0 ]; then
  echo "gen-fixtures: must run as root (cgroups, tmpfs, uid switching)" >&2
  exit 1
fi

start=$(date +%s)
scratch="$(mktemp -d /tmp/gen-fixtures.XXXXXX)"
cleanup() {
  # workspaces and mirrors of the fake repositories; caches (.npm, .m2, tools) are kept
  rm -rf "$RH/work" "$RH/_fixture-origins" "$scratch"
  for m in $(awk '{print $2}' /proc/mounts | grep "^$RH/" || true); do umount "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "== preparing runner home at $RH"
mkdir -p "$RH/work/_temp" "$TOOLS" "$RH/.docker"
chmod 755 "$RH" "$RH/work" "$RH/work/_temp"
# a runner's npm cache dir is owned by the runner user; ours is root's
mkdir -p "$RH/.npm"

# Node toolchain used by the "cache restored" node cases (real npm ci from the npm registry)
if [ ! -f "$TOOLS/node/.stamp" ] || ! cmp -s "$here/fixtures/templates/node/package-lock.json" "$TOOLS/node/package-lock.json"; then
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
  cp "$here/fixtures/templates/node/package.json" "$here/fixtures/templates/node/package-lock.json" "$TOOLS/node/"
  (cd "$TOOLS/node" && HOME="$RH" npm_config_cache="$RH/.npm" npm ci --no-audit --no-fund --loglevel=error)
  touch "$TOOLS/node/.stamp"
fi

# Python linters (ruff, flake8) from the machine's local package index, in their own venv
if [ ! -x "$TOOLS/pyvenv/bin/ruff" ] || [ ! -x "$TOOLS/pyvenv/bin/flake8" ]; then
  rm -rf "$TOOLS/pyvenv"
  "$PY_BIN/python3" -m venv "$TOOLS/pyvenv"
  "$TOOLS/pyvenv/bin/pip" install -q --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple ruff flake8 \
    || "$TOOLS/pyvenv/bin/pip" install -q ruff flake8
fi
mkdir -p "$TOOLS/pyvenv-bin"
ln -sf "$TOOLS/pyvenv/bin/ruff" "$TOOLS/pyvenv-bin/ruff"
ln -sf "$TOOLS/pyvenv/bin/flake8" "$TOOLS/pyvenv-bin/flake8"

# Maven: a runner-side copy of the primed local repository (mvn runs offline-capable from it)
if [ ! -d "$RH/.m2/repository" ]; then
  mkdir -p "$RH/.m2"
  cp -a "${FIXTURE_M2_SOURCE:-/root/.m2/repository}" "$RH/.m2/repository"
fi
find "$RH/.m2/repository" \( -name '*.lastUpdated' -o -name 'resolver-status.properties' \) -delete

echo "== running cases"
node "$here/fixtures/generate.mjs" --out "$scratch/logs" "$@"

echo "== installing into fixtures/logs"
mkdir -p "$repo_root/fixtures/logs"
if [ "$#" -eq 0 ]; then
  # full run: replace the whole set
  find "$repo_root/fixtures/logs" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
fi
for d in "$scratch/logs"/*/; do
  id="$(basename "$d")"
  rm -rf "$repo_root/fixtures/logs/$id"
  cp -r "$d" "$repo_root/fixtures/logs/$id"
done

node "$here/fixtures/check-labels.mjs" "$repo_root/fixtures/logs"
echo "== done in $(( $(date +%s) - start ))s"
