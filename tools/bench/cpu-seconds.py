#!/usr/bin/env python3
"""CPU seconds (user + system) used so far by a process and, with --children, by its live children
plus its exited ones (a PostgreSQL postmaster's backends). usage: cpu-seconds.py PID [--children]"""
import os
import sys

tick = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), [int(v) for v in fields[11:15]]  # ppid; utime, stime, cutime, cstime


pid = sys.argv[1]
_, own = stat(pid)
total = own[0] + own[1]
if "--children" in sys.argv:
    total += own[2] + own[3]
    for other in filter(str.isdigit, os.listdir("/proc")):
        try:
            ppid, times = stat(other)
        except (FileNotFoundError, ProcessLookupError):
            continue
        if str(ppid) == pid:
            total += times[0] + times[1]
print(f"{total / tick:.2f}")
