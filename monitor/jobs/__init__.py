"""The daemon's jobs. Each is a function of the daemon (seen as a `Host`) and `now`, so tests, the demo and
the benchmark move time by calling it with another clock.

One module per concern:
  host           Host (the daemon members jobs use) and JobFunc, the signature of a job
  table          Job and job_table(): every job, its interval and thread, in the order a tick runs them
  cycle          the poll cycle: read the store, fetch and check, then store and alert in one transaction
  budget         the X budget plan: the poll pace from the month's spend, the pause when it is spent
  health         source health: blind once, recovered once; the health job
  duties         the daily duties: lookalike sweep, Facebook token check, digest, retention's purge
  weekly_report  the weekly report, built in a short-lived child process
  outbox         delivery of the queued messages, on a thread of its own
  watchdog       the lease heartbeat and systemd's WATCHDOG=1, on a thread of its own

Jobs that change findings or source health hold `daemon.writing`, so two of them never judge the same
history at once. The outbox is drained by its own job: a cycle never waits for a mail server. The daemon
imports this package; nothing here imports the daemon.
"""

from __future__ import annotations

from monitor.jobs.duties import digest_step
from monitor.jobs.host import Host, JobFunc
from monitor.jobs.table import Job, job_table
from monitor.jobs.weekly_report import Unfinished, build_due_reports, in_child

# What other modules import from monitor.jobs.
__all__ = ["Host", "Job", "JobFunc", "Unfinished", "build_due_reports", "digest_step", "in_child", "job_table"]
