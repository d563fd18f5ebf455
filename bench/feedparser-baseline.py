# Baseline for the ingest benchmark: Debian's python3-feedparser parsing the same files
# (parse only). Reads {"paths": [...], "runs": N} on stdin; the files are read into memory first
# and only feedparser.parse is timed. Prints {"runs_s": [...], "entries": N, "version": "..."}.
import json
import sys
import time

import feedparser

request = json.load(sys.stdin)
bodies = []
for path in request["paths"]:
    with open(path, "rb") as handle:
        bodies.append(handle.read())

runs = []
entries = 0
for _ in range(int(request["runs"])):
    entries = 0
    start = time.perf_counter()
    for body in bodies:
        entries += len(feedparser.parse(body).entries)
    runs.append(time.perf_counter() - start)

json.dump({"runs_s": runs, "entries": entries, "version": feedparser.__version__}, sys.stdout)
