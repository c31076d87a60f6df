#!/usr/bin/env python3
"""Writes lp_*.txt, the instances test_match checks against R (tests/r/match_lp.R).
Format: line 1 "MENTORS MENTEES", line 2 the capacities, then one line per
mentor with the scores of every mentee (0: not allowed).  Fixed seed."""
import random
rng = random.Random(20251201)
for name, m, n, p in (("lp_small", 20, 60, 0.15), ("lp_medium", 40, 120, 0.08),
                      ("lp_large", 60, 150, 0.05)):
    with open(name + ".txt", "w") as f:
        f.write(f"{m} {n}\n")
        f.write(" ".join(str(rng.choice((0, 1, 1, 2, 2, 3))) for _ in range(m)) + "\n")
        for _ in range(m):
            f.write(" ".join(str(rng.randint(1, 4) if rng.random() < p else 0)
                             for _ in range(n)) + "\n")
