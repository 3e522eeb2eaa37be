"""What the comparison scripts share: their arguments and how they print their counts."""

import argparse

# The rules every comparison counts, in the order they print them (and benches/run.py lists them).
RULES = ["S01", "S02", "S03", "S04", "Q01", "Q02", "I01", "I02", "I03", "I04", "I05", "I06",
         "I06 notice", "P01", "P02", "P04", "P05", "T01"]


def arguments(extra=None):
    """ROSTER, --quotas and --scale (附件2 and 附件1 of the built-in edition by default)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("roster")
    ap.add_argument("--quotas", default="data/editions/2020-2021/quotas.csv")
    ap.add_argument("--scale", default="data/editions/2020-2021/scale.csv")
    if extra:
        extra(ap)
    return ap.parse_args()


def print_counts(counts):
    """One `RULE COUNT` line per rule."""
    for rule in RULES:
        print(f"{rule} {int(counts[rule])}")
