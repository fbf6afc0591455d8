"""The pandas side of `npm run bench:ingest`: the same work on the same long-layout file.

    /usr/bin/python3 bench/ingest_pandas.py FILE

Reads the long file that bench/ingest.ts generates (one row per NOSIK item response:
participant_id, group, wave, instrument, item, value; a `#` comment line on top) and does what
loadMeasurements + scoreRecords do to it, the way a pandas user would write it:

- read_csv (C parser, `#` comments skipped, value as float64, the text columns as str);
- the same row checks: participant id present, group one of homestart/control/norm, wave a wave
  label (T1, t2, 2, wave 2 …), instrument known (nosik), item one of 01…25, value a whole number
  within 1…6 or empty; a participant in two groups; duplicate participant × wave × instrument × item
  (the first kept); an invalid value rejects its whole unit (participant × wave × instrument);
- scoring: per participant × wave, every NOSIK scale (parent, child, depression, total) as a sum,
  prorated (mean of the answered items × n) when at most maxMissing items are missing, else missing.

Prints one JSON line: rows, accepted, rejected, scores (non-missing), checksum (sum of the
non-missing scores), and the CPU seconds (user + sys), wall seconds and peak RSS of this process
for the work itself (imports excluded), so bench/ingest.ts can compare both sides.
"""
import json
import re
import resource
import sys
import time

import numpy as np
import pandas as pd

ITEMS = [f"{i:02d}" for i in range(1, 26)]
# scale -> (items, maxMissing), as in data-schemas/instruments/nosik.json
SCALES = {
    "parent": (ITEMS[:14], 1),
    "child": (ITEMS[14:], 1),
    "depression": (["01", "04", "07", "10", "13"], 1),
    "total": (ITEMS, 2),
}
GROUPS = {"homestart", "control", "norm"}
WAVE = re.compile(r"^(?:t|w|m|wave|meting|time|tijdstip|ronde|round)?[\s_-]*0*([1-9]\d?)$", re.I)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(path: str) -> None:
    c0, t0 = cpu(), time.perf_counter()
    df = pd.read_csv(
        path,
        comment="#",
        dtype={"participant_id": str, "group": str, "wave": str, "instrument": str, "item": str, "value": np.float64},
    )
    n = len(df)

    # row checks (maps over the distinct values, as the loader caches them)
    pid_bad = df["participant_id"].isna()
    grp = df["group"].str.strip().str.lower()
    grp_bad = ~grp.isin(GROUPS)
    wave_u = df["wave"].dropna().unique()
    wave_map = {w: int(m.group(1)) for w in wave_u if (m := WAVE.match(w.strip()))}
    wave = df["wave"].map(wave_map)
    wave_bad = wave.isna()
    instr_bad = df["instrument"].str.strip().str.lower() != "nosik"
    item_u = df["item"].dropna().unique()
    item_map = {s: f"{int(s):02d}" for s in item_u if s.strip().isdigit() and 1 <= int(s) <= 25}
    item = df["item"].map(item_map)
    item_bad = item.isna()
    v = df["value"]
    value_bad = v.notna() & ((v != np.floor(v)) | (v < 1) | (v > 6))

    key_ok = ~(pid_bad | grp_bad | wave_bad | instr_bad | item_bad)
    # a participant in two groups: rows after the first group seen are rejected
    first_group = grp[key_ok].groupby(df["participant_id"][key_ok]).transform("first")
    incons = pd.Series(False, index=df.index)
    incons[key_ok] = grp[key_ok] != first_group
    keys = pd.DataFrame({"pid": df["participant_id"], "wave": wave, "item": item})
    dup = pd.Series(False, index=df.index)
    dup[key_ok] = keys[key_ok].duplicated(keep="first")
    row_bad = ~key_ok | incons | dup | value_bad
    # an invalid value rejects its unit (participant x wave x instrument)
    unit_bad = pd.Series(False, index=df.index)
    bad_units = keys.loc[key_ok & value_bad, ["pid", "wave"]].drop_duplicates()
    if len(bad_units):
        unit_bad[key_ok] = pd.MultiIndex.from_frame(keys.loc[key_ok, ["pid", "wave"]]).isin(pd.MultiIndex.from_frame(bad_units))
    ok = ~(row_bad | unit_bad)
    accepted = int(ok.sum())

    # scoring: one row per participant x wave, items as columns, each scale a (prorated) sum
    good = pd.DataFrame({"pid": df["participant_id"][ok], "wave": wave[ok], "item": item[ok], "value": v[ok]})
    wide = good.set_index(["pid", "wave", "item"])["value"].unstack("item").reindex(columns=ITEMS)
    total = 0.0
    count = 0
    for items, max_missing in SCALES.values():
        block = wide[items]
        answered = block.notna().sum(axis=1)
        s = block.sum(axis=1)
        k = len(items)
        missing = k - answered
        score = s.where(missing == 0, s / answered * k).where((answered > 0) & (missing <= max_missing))
        total += float(score.sum())
        count += int(score.notna().sum())

    wall = time.perf_counter() - t0
    used = cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"side": "pandas", "version": pd.__version__, "rows": n, "accepted": accepted, "rejected": n - accepted,
                      "scores": count, "checksum": total, "cpu": used, "wall": wall, "peakRss": peak}))


if __name__ == "__main__":
    main(sys.argv[1])
