#!/usr/bin/env bash
# Build the extension into a venv under target/ and run the Python tests (called by .ci/test).
set -euo pipefail
cd "$(dirname "$0")"
venv=../../target/pyvenv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.5,<2" pytest jsonschema pandas nbclient nbformat ipykernel "pyarrow==18.1.0" "distributed==2024.12.1" "dask==2024.12.1" matplotlib "polars==1.16.0" "pysigma==1.5.1" "pysigma-backend-splunk==2.1.0" "pysigma-backend-elasticsearch==2.1.1"
CARGO_TARGET_DIR=$(cd ../.. && pwd)/target VIRTUAL_ENV=$(cd "$venv" && pwd) PATH="$(cd "$venv" && pwd)/bin:$PATH" "$venv/bin/maturin" develop -q
"$venv/bin/python" -m pytest -q tests
