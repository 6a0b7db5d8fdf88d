#!/usr/bin/env python3
"""Where a run's CPU time goes, per thread, and how long the cores sat idle.

Usage: thread_cpu.py OUT COMMAND...

Runs COMMAND with its standard output to the new file OUT and prints one
JSON object: the wall time, each thread's CPU time and run-queue wait
(`/proc/PID/task/TID/schedstat`, by thread name: `reader`, `worker-N`, and
`dualuse` for the main thread, which writes the records), and the machine's
idle and busy core-seconds over the run (`/proc/stat`). Threads are sampled
every 5 ms, so each figure misses at most the last 5 ms of its thread.

Two cores can give at most (CPU time of all threads) / 2 of wall time; the
idle core-seconds say how far the run was from that.
"""
import json
import os
import subprocess
import sys
import time


def cpu_ticks():
    """(idle, busy) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle, iowait
    return idle, sum(v[:8]) - idle  # up to steal; guests are in user


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    if os.path.exists(out):
        os.remove(out)
    hz = os.sysconf("SC_CLK_TCK")
    threads = {}
    idle0, busy0 = cpu_ticks()
    t0 = time.monotonic()
    with open(out, "wb") as o:
        p = subprocess.Popen(cmd, stdout=o, stderr=subprocess.DEVNULL)
        while p.poll() is None:
            try:
                tids = os.listdir(f"/proc/{p.pid}/task")
            except OSError:
                break
            for tid in tids:
                try:
                    with open(f"/proc/{p.pid}/task/{tid}/schedstat") as f:
                        run, wait, _ = f.read().split()
                    with open(f"/proc/{p.pid}/task/{tid}/comm") as f:
                        name = f.read().strip()
                except OSError:
                    continue
                threads[tid] = (name, int(run) / 1e9, int(wait) / 1e9)
            time.sleep(0.005)
    wall = time.monotonic() - t0
    idle1, busy1 = cpu_ticks()
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed with status {p.returncode}")
    rows = sorted(threads.values(), key=lambda t: t[0])
    print(json.dumps({
        "wall_s": round(wall, 3),
        "threads": [{"name": n, "cpu_s": round(c, 3), "wait_s": round(w, 3)}
                    for n, c, w in rows if c >= 0.005],
        "cpu_s": round(sum(c for _, c, _ in rows), 3),
        "idle_core_s": round((idle1 - idle0) / hz, 2),
        "busy_core_s": round((busy1 - busy0) / hz, 2),
    }))


if __name__ == "__main__":
    main()
