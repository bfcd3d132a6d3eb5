"""Write the fictional multi-outlet evaluation stream: eval/stream/stream.jsonl and gold.json.

    .venv/bin/python scripts/gen_stream.py [--seed 14] [--out eval/stream]

The stories are in src/newsledger/eval/stream_stories.py, the retelling rules in
src/newsledger/eval/streamgen.py; the same seed always writes byte-identical files.
"""

from __future__ import annotations

import argparse

from newsledger.eval.streamgen import DEFAULT_SEED, write_stream


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", default="eval/stream")
    args = parser.parse_args()
    stream, gold = write_stream(args.out, args.seed)
    print(f"wrote {stream} and {gold}")


if __name__ == "__main__":
    main()
