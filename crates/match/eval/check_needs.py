#!/usr/bin/env python3
"""Validate a judged evaluation set of buyer needs (needs.tsv) for the matching engine.

Usage:
    python3 check_needs.py                      # checks needs.tsv next to this script
    python3 check_needs.py path/to/other.tsv    # checks an outside judge's file
    python3 check_needs.py --data /path/to/shared/data [file.tsv]
    python3 check_needs.py --min-per-lang 0 --min-mix 0 their.tsv   # relax size rules

Standard library only. Exit status 0 if the file is clean, 1 if there are errors.
Warnings (e.g. a code with no 510(k) record, more than --max-per-type needs on one
primary code) are printed but do not fail the check.
"""
import argparse
import collections
import csv
import os
import re
import sys

HEADER = ["id", "lang", "need_text", "fda_codes", "note"]
LANGS = ("zh", "ru", "en", "fr")
ID_RE = re.compile(r"^(zh|ru|en|fr|mix)-(\d{3})$")
CODE_RE = re.compile(r"^[A-Z]{3}$")
TAG_RE = re.compile(r"\[([a-z-]+)\]")

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "data"))


def load_foiclass(data_dir):
    path = os.path.join(data_dir, "fda", "foiclass.utf8.csv")
    names = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = (row.get("PRODUCTCODE") or "").strip()
            if code:
                names[code] = (row.get("DEVICENAME") or "").strip()
    return names


def load_510k_counts(data_dir):
    path = os.path.join(data_dir, "fda", "510k", "pmn_combined.clean.csv")
    counts = collections.Counter()
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            code = (row.get("PRODUCTCODE") or "").strip()
            if code:
                counts[code] += 1
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tsv", nargs="?", default=os.path.join(HERE, "needs.tsv"))
    ap.add_argument("--data", default=DEFAULT_DATA, help="shared data dir (default: %(default)s)")
    ap.add_argument("--min-per-lang", type=int, default=80)
    ap.add_argument("--min-mix", type=int, default=20)
    ap.add_argument("--max-per-type", type=int, default=7,
                    help="warn when more needs than this share exactly the same code set (one device type)")
    ap.add_argument("--quiet", action="store_true", help="only print errors, warnings and totals")
    args = ap.parse_args(argv)

    errors, warnings = [], []

    def err(msg):
        errors.append(msg)

    foi = load_foiclass(args.data)
    k510 = load_510k_counts(args.data)

    with open(args.tsv, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err("file starts with a UTF-8 BOM; remove it")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"ERROR: not valid UTF-8: {e}")
        return 1
    if "\r" in text:
        err("file contains CR characters; use LF line endings")
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        print("ERROR: empty file")
        return 1

    header = lines[0].split("\t")
    if header != HEADER:
        err(f"line 1: header must be {HEADER}, got {header}")

    ids = set()
    texts = {}
    per_lang = collections.Counter()
    mix_per_lang = collections.Counter()
    tag_counts = collections.Counter()
    code_needs = collections.Counter()
    primary = collections.Counter()
    codesets = collections.Counter()
    n_rows = 0

    for ln, line in enumerate(lines[1:], start=2):
        if not line.strip():
            err(f"line {ln}: blank line")
            continue
        cols = line.split("\t")
        if len(cols) != len(HEADER):
            err(f"line {ln}: expected {len(HEADER)} tab-separated columns, got {len(cols)}")
            continue
        n_rows += 1
        rid, lang, need, codes_s, note = cols
        for name, val in zip(HEADER, cols):
            if val != val.strip():
                err(f"line {ln} ({rid}): column {name} has leading/trailing whitespace")
            if not val.strip():
                err(f"line {ln} ({rid}): column {name} is empty")
        if '"' in line:
            warnings.append(f"line {ln} ({rid}): contains a double quote; the format has no quoting, "
                            "so readers must not treat quotes specially (use « » or “ ” instead)")

        m = ID_RE.match(rid)
        if not m:
            err(f"line {ln}: bad id {rid!r} (want zh-001, ru-001, en-001, fr-001, mix-001 ...)")
        else:
            prefix = m.group(1)
            if prefix != "mix" and prefix != lang:
                err(f"line {ln} ({rid}): id prefix {prefix!r} does not match lang {lang!r}")
            if prefix == "mix":
                mix_per_lang[lang] += 1
        if rid in ids:
            err(f"line {ln}: duplicate id {rid}")
        ids.add(rid)

        if lang not in LANGS:
            err(f"line {ln} ({rid}): lang {lang!r} not in {LANGS}")
        else:
            per_lang[lang] += 1

        key = re.sub(r"\s+", " ", need.strip().lower())
        if key in texts:
            err(f"line {ln} ({rid}): need_text duplicates {texts[key]}")
        texts[key] = rid

        codes = codes_s.split(",")
        if len(set(codes)) != len(codes):
            err(f"line {ln} ({rid}): repeated code in {codes_s!r}")
        in_corpus = 0
        for c in codes:
            if not CODE_RE.match(c):
                err(f"line {ln} ({rid}): bad code {c!r} (3 capital letters, comma-separated, no spaces)")
                continue
            if c not in foi:
                err(f"line {ln} ({rid}): code {c} not in foiclass")
                continue
            code_needs[c] += 1
            if k510[c] > 0:
                in_corpus += 1
        if codes and CODE_RE.match(codes[0]):
            primary[codes[0]] += 1
        codesets[",".join(sorted(codes))] += 1
        if in_corpus == 0:
            err(f"line {ln} ({rid}): none of {codes_s} has a record in the 510(k) corpus")

        for t in TAG_RE.findall(note):
            tag_counts[t] += 1

    for lang in LANGS:
        if per_lang[lang] < args.min_per_lang:
            err(f"only {per_lang[lang]} needs in {lang}; need at least {args.min_per_lang}")
    n_mix = sum(mix_per_lang.values())
    if n_mix < args.min_mix:
        err(f"only {n_mix} mixed-language (mix-) needs; need at least {args.min_mix}")

    no_records = sorted((c for c in code_needs if k510[c] == 0), key=lambda c: (-code_needs[c], c))
    for cs, n in codesets.items():
        if n > args.max_per_type:
            warnings.append(f"{n} needs share the code set {cs}; more than {args.max_per_type} of one device type")

    # ---- summary ----
    print(f"file: {args.tsv}")
    print(f"needs: {n_rows}")
    print("per language: " + ", ".join(f"{l}={per_lang[l]}" for l in LANGS)
          + f"  (of which mixed-language: {n_mix}: "
          + ", ".join(f"{l}={mix_per_lang[l]}" for l in LANGS if mix_per_lang[l]) + ")")
    if tag_counts:
        print("note tags: " + ", ".join(f"[{t}]={n}" for t, n in sorted(tag_counts.items())))
    print(f"distinct codes: {len(code_needs)} "
          f"({sum(1 for c in code_needs if k510[c] > 0)} with 510(k) records); "
          f"distinct primary codes: {len(primary)}; distinct code sets (device types): {len(codesets)}")
    if not args.quiet:
        print("\nper code: needs citing it / 510(k) records / FDA device name")
        for c in sorted(code_needs, key=lambda c: (-code_needs[c], c)):
            print(f"  {c}  {code_needs[c]:3d}  {k510[c]:5d}  {foi[c][:70]}")
        print("\nper primary code (first code of each need): needs / FDA device name")
        for c in sorted(primary, key=lambda c: (-primary[c], c)):
            print(f"  {c}  {primary[c]:3d}  {foi.get(c, '?')[:70]}")
        print("\nlargest device types (needs sharing one exact code set):")
        for cs, n in sorted(codesets.items(), key=lambda x: (-x[1], x[0]))[:15]:
            print(f"  {n:3d}  {cs}")
    if no_records:
        print(f"\nnote: {len(no_records)} accepted code(s) have no record in this 510(k) corpus "
              "(valid FDA codes, kept because they genuinely answer the need, but they cannot match here):")
        print("  " + ", ".join(f"{c}({code_needs[c]})" for c in no_records))
    if warnings:
        print(f"\nwarnings ({len(warnings)}):")
        for w in warnings:
            print("  WARN " + w)
    if errors:
        print(f"\nerrors ({len(errors)}):")
        for e in errors:
            print("  ERROR " + e)
        print("\nRESULT: FAIL")
        return 1
    print("\nRESULT: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
