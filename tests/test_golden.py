"""Golden-file tests: whole-article extraction of bundled examples must not change unnoticed.

After an intended change, regenerate with ``python -m tests.golden_util`` and review the diff in git.
"""

from __future__ import annotations

import json

import pytest
from tests.golden_util import GOLDEN, INPUTS, current

pytestmark = pytest.mark.model


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_whole_article_matches_its_golden_file(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(current(name), ensure_ascii=False))
    for key in expected:
        assert got[key] == expected[key], (
            f"{name}: '{key}' changed; if intended, run `python -m tests.golden_util` and review the diff"
        )
