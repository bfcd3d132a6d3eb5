#!/usr/bin/env bash
# Create .venv-peers (repo root) with the peer baselines used by benchmarks/eval_table.py.
# Usage: bash benchmarks/peers/setup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="$ROOT/.venv-peers"
PY="${PYTHON:-python3.11}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet -r "$ROOT/benchmarks/peers/requirements.txt"
# quantulum3 without its optional dependencies (scikit-learn classifier, stemming extras).
"$VENV/bin/pip" install --quiet --no-deps quantulum3==0.10.0
"$VENV/bin/python" -c "import quantulum3, textacy, spacy; print('peers ok:', quantulum3.__name__, textacy.__version__, spacy.__version__)"
