#!/usr/bin/env bash
# Builds the dualuse wheel, installs it into a virtualenv and runs the
# Python tests, Spark's included:
#
#   python/run.sh            # everything
#   python/run.sh -k spark   # extra arguments go to pytest
#
# Needs Python 3.9+ with venv and, for the Spark tests, Java 17 (`java` on
# PATH or JAVA_HOME). Everything it makes stays under target/: the
# virtualenv (target/.venv-ci, or $DUALUSE_VENV), the wheel
# (target/wheels/) and pip's cache (target/pip-cache).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${DUALUSE_VENV:-$root/target/.venv-ci}
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    "$python" -m venv "$venv"
fi
export PIP_CACHE_DIR=$root/target/pip-cache PIP_DISABLE_PIP_VERSION_CHECK=1
"$venv/bin/python" -m pip install --quiet -r python/requirements-ci.txt

echo "== maturin build --release (python/)"
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet --manifest-path python/Cargo.toml \
    --interpreter "$venv/bin/python" --out target/wheels
wheel=$(ls "$root"/target/wheels/dualuse-*.whl)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"
export DUALUSE_WHEEL=$wheel

echo "== the dualuse binary the tests compare with"
cargo build --quiet --bin dualuse
export DUALUSE_BIN=$root/target/debug/dualuse

echo "== pytest python/tests"
# Run from python/tests so that `import dualuse` finds the installed wheel, not
# the source folder python/dualuse (which has no compiled module).
cd "$root/python/tests"
"$venv/bin/python" -m pytest -p no:cacheprovider -q "$@"
