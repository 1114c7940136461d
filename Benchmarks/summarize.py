#!/usr/bin/env python3
"""Print the benchmark table from the files run.sh leaves in Benchmarks/out/.

  summarize.py MANIFEST.tsv [--markdown OUT.md] [--json OUT.json]

MANIFEST.tsv has one line per (case, tool), tab-separated:
    case  case_label  tool  hyperfine_json  stderr_log  rss_log  runs  agreement
where stderr_log holds the ``timings: key=..s ...`` lines the program printed (warm-up
runs first) and rss_log the peak RSS in KiB that ``/usr/bin/time -f %M`` wrote, one line
per run. For each row: median wall time (hyperfine), median of each ``timings:`` field
over the timed runs, the largest peak RSS of the timed runs, and for the peer rows the
ratio peer/geoprofile of wall time and of the apportionment step. Standard library only.
"""

import argparse
import json
import re
import statistics
import sys

TIMING = re.compile(r"([A-Za-z_]+)=([0-9.eE+-]+)s")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("manifest")
    p.add_argument("--markdown", default=None)
    p.add_argument("--json", dest="json_out", default=None)
    return p.parse_args()


def last_lines(path, prefix, n):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [ln.strip() for ln in f if ln.strip().startswith(prefix)]
    except FileNotFoundError:
        return []
    return lines[-n:] if n > 0 else lines


def timings(path, runs):
    per_key = {}
    for line in last_lines(path, "timings:", runs):
        for key, value in TIMING.findall(line):
            per_key.setdefault(key, []).append(float(value))
    return {k: statistics.median(v) for k, v in per_key.items()}


def peak_rss_kib(path, runs):
    values = []
    for line in last_lines(path, "", runs):
        if line.isdigit():
            values.append(int(line))
    return max(values) if values else None


def fmt_s(x):
    if x is None:
        return "-"
    return f"{x:.3f} s" if x < 100 else f"{x:.0f} s"


def fmt_ratio(x):
    return "-" if x is None else f"{x:.1f}x"


def main():
    args = parse_args()
    rows = []
    with open(args.manifest, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            case, label, tool, hf_json, err, rss, runs, agreement = line.rstrip("\n").split("\t")
            runs = int(runs)
            wall = None
            try:
                with open(hf_json, encoding="utf-8") as jf:
                    wall = json.load(jf)["results"][0]["median"]
            except (FileNotFoundError, KeyError, IndexError, ValueError):
                pass
            t = timings(err, runs)
            rows.append({
                "case": case, "case_label": label, "tool": tool, "runs": runs,
                "wall_median_s": wall,
                "apportion_median_s": t.get("apportion"),
                "timings_median_s": t,
                "peak_rss_kib": peak_rss_kib(rss, runs),
                "agreement": agreement,
            })

    base = {r["case"]: r for r in rows if r["tool"] == "geoprofile"}
    for r in rows:
        g = base.get(r["case"])
        r["ratio_wall"] = r["ratio_apportion"] = None
        if g is not None and r["tool"] != "geoprofile":
            if r["wall_median_s"] and g["wall_median_s"]:
                r["ratio_wall"] = r["wall_median_s"] / g["wall_median_s"]
            if r["apportion_median_s"] and g["apportion_median_s"]:
                r["ratio_apportion"] = r["apportion_median_s"] / g["apportion_median_s"]

    header = ["case", "tool", "runs", "wall (median)", "apportion (median)",
              "peak RSS", "peer/geoprofile wall", "peer/geoprofile apportion",
              "agreement"]
    table = []
    for r in rows:
        rss = "-" if r["peak_rss_kib"] is None else f"{r['peak_rss_kib'] / 1024:.0f} MiB"
        table.append([r["case_label"], r["tool"], str(r["runs"]), fmt_s(r["wall_median_s"]),
                      fmt_s(r["apportion_median_s"]), rss, fmt_ratio(r["ratio_wall"]),
                      fmt_ratio(r["ratio_apportion"]), r["agreement"]])
    widths = [max(len(h), *(len(row[i]) for row in table)) if table else len(h)
              for i, h in enumerate(header)]
    md = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
          "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    md += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in table]
    text = "\n".join(md)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
