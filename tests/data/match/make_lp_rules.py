#!/usr/bin/env python3
"""Writes lp_rules_*.txt, the instances with the curator's rules that
test_match checks against R (tests/r/match_lp_rules.R).  Format:
  "MENTORS MENTEES MIN_SCORE SPREAD"
  the mentors' stated capacities
  MENTORS lines: each mentee's shared areas with that mentor (0: none)
  MENTORS lines: each mentee's wish for that mentor (its gain, 0: none)
  "K" then K lines "mentor mentee" (0-based): pairs kept
  "E" then E lines "mentor mentee": pairs excluded
A new pair is allowed when its shared areas reach max(1, MIN_SCORE), it is
not excluded and the mentee is not kept.  Fixed seed."""
import random
rng = random.Random(20261207)
for name, m, n, p, min_score, spread in (("lp_rules_small", 12, 30, 0.3, 2, 1),
                                         ("lp_rules_medium", 25, 60, 0.15, 1, 1),
                                         ("lp_rules_nospread", 20, 50, 0.2, 2, 0)):
    cap = [rng.choice((0, 1, 2, 2, 3, 4)) for _ in range(m)]
    score = [[rng.randint(1, 4) if rng.random() < p else 0 for _ in range(n)] for _ in range(m)]
    wish = [[0] * n for _ in range(m)]
    for j in range(n):
        if rng.random() < 0.5:
            for rank, i in enumerate(rng.sample(range(m), 3)):
                wish[i][j] = 3 - rank
    kept, taken, used = [], set(), [0] * m
    while len(kept) < m // 3:
        i, j = rng.randrange(m), rng.randrange(n)
        if j not in taken and used[i] < cap[i]:
            kept.append((i, j)); taken.add(j); used[i] += 1
    excl = set()
    while len(excl) < n // 3:
        i, j = rng.randrange(m), rng.randrange(n)
        if (i, j) not in kept:
            excl.add((i, j))
    with open(name + ".txt", "w") as f:
        f.write(f"{m} {n} {min_score} {spread}\n")
        f.write(" ".join(map(str, cap)) + "\n")
        for row in score + wish:
            f.write(" ".join(map(str, row)) + "\n")
        f.write(f"{len(kept)}\n" + "".join(f"{i} {j}\n" for i, j in kept))
        f.write(f"{len(excl)}\n" + "".join(f"{i} {j}\n" for i, j in sorted(excl)))
