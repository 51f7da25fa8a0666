"""Main-thread script time from a Lighthouse trace, measured as thread CPU time.

Lighthouse's total blocking time takes each task's wall time after the first paint, times
four on its mobile setting, less 50 ms: on a machine busy with other work, tasks wait for
a core and it grows with the load rather than with the page. The same sum over the tasks'
thread CPU time ("tdur") follows the page, so before/after comparisons hold on a busy
machine.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

#: Lighthouse's mobile CPU slowdown and the long-task threshold.
SLOWDOWN, THRESHOLD_MS = 4, 50


def blocking_cpu(trace_file: Path) -> dict:
    """CPU-time blocking (x4 - 50 ms per task after the first paint), main-thread CPU
    after the first paint, and tasks that stay long on CPU time."""
    trace = json.loads(trace_file.read_text())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    busy = Counter((e["pid"], e["tid"]) for e in events
                   if e.get("name") == "RunTask" and e.get("dur", 0) > 5000)
    if not busy:
        return {}
    main = busy.most_common(1)[0][0]
    paints = [e["ts"] for e in events
              if e.get("name") == "firstContentfulPaint" and e["pid"] == main[0]]
    if not paints:
        return {}
    after = [e.get("tdur", e.get("dur", 0)) / 1000 for e in events
             if (e["pid"], e["tid"]) == main and e.get("name") == "RunTask"
             and e.get("ph") == "X" and e["ts"] >= min(paints)]
    blocking = [max(0.0, SLOWDOWN * ms - THRESHOLD_MS) for ms in after]
    return {"blocking_cpu_ms": round(sum(blocking)),
            "main_thread_cpu_after_paint_ms": round(sum(after)),
            "long_tasks_cpu": sum(1 for b in blocking if b > 0)}
