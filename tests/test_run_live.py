"""``dodarchive run --live`` for hours-long crawls: the plan, status lines, ``--jobdir``.

No network: the live wiring of one crawl step (Scrapy's log to a file, stderr left to
the terminal, one JOBDIR per step) is exercised against the replay server.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from dodarchive.mainjob import CrawlStep, _crawl, live_plan
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env


def test_live_plan_has_every_spider_and_the_wayback_source() -> None:
    assert [(s.spider, s.args) for s in live_plan(None)] == [
        ("wargov", ()),
        ("dma", ()),
        ("legacy", (("months", "2005-01:2015-12"),)),
    ]
    assert [(s.spider, s.args) for s in live_plan("2012-06-30", "wayback")] == [
        (name, (("since", "2012-06-30"), ("source", "wayback"), ("from", "2012")))
        for name in ("wargov", "dma", "legacy")
    ]


def test_run_refuses_live_options_offline() -> None:
    result = subprocess.run(
        [*dodarchive_cmd(), "run", "--jobdir", "/tmp/never"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--jobdir and --source are for --live runs" in result.stderr


def test_a_live_step_logs_to_its_file_and_resumes_from_its_jobdir(tmp_path: Path) -> None:
    warc, logs, jobs = tmp_path / "warc", tmp_path / "out", tmp_path / "jobs"
    logs.mkdir()
    step = CrawlStep("wargov")
    replay = [FIXTURE_WARCS]
    first = _crawl(step, warc_dir=warc, log_dir=logs, replay=replay, extra=[], n=1,
                   jobdir=jobs, live=True)  # fmt: skip
    assert first["finish_reason"] == "finished"
    assert first["response_received_count"] == 15
    assert (jobs / "01-wargov" / "requests.seen").stat().st_size > 0
    log = (logs / "crawl-01-wargov.log").read_text()
    assert "Disabled dodarchive.extensions.jobdir.JobDirGuard" not in log  # JOBDIR is on
    # the same step again: entry points are re-read, pages already seen are not
    again = _crawl(step, warc_dir=warc, log_dir=logs, replay=replay, extra=[], n=1,
                   jobdir=jobs, live=True)  # fmt: skip
    assert again["finish_reason"] == "finished"
    # 9 entry points + 2 robots.txt; the listings' articles and page 2 were seen before
    assert again["response_received_count"] == 11
    stats = json.loads((logs / "crawl-01-wargov.stats.json").read_text())
    assert stats["response_received_count"] == again["response_received_count"]


def test_a_refused_host_fails_the_run_and_is_named() -> None:
    from dodarchive.mainjob import JobReport, render

    report = JobReport(crawls=[
        ("wargov", {"finish_reason": "refused", "dodarchive/blocked/hosts": "www.war.gov"}),
        ("dma", {"finish_reason": "finished", "dodarchive/blocked/hosts": "www.af.mil"}),
    ])  # fmt: skip
    assert report.refused == ["www.war.gov", "www.af.mil"]
    assert not report.ok
    assert (
        "  refused by           www.war.gov www.af.mil (bot protection; see "
        "docs/crawling.md: -a source=wayback, a lower rate, the contact setting)\n"
    ) in render(report)
    assert JobReport(crawls=[("dma", {"finish_reason": "finished"})]).ok
