"""A crawl opens no code-execution endpoint and leaves nothing in the user's home.

Scrapy 2.19 added ``RemoteControl``, on by default: an HTTP server on localhost that runs
any Python code sent with its token, announced in a job file (port and token) under the
user's state folder (``~/.local/state/scrapy/job_files``), which a killed crawl never
removes. dodarchive turns it off, as it turns off the telnet console.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from scrapy.settings import Settings

from tests.conftest import ServerProcess, dodarchive_cmd, subprocess_env


def test_project_settings_turn_remote_control_and_telnet_off() -> None:
    settings = Settings()
    settings.setmodule("dodarchive.settings")
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False


def test_a_crawl_starts_no_remote_control_server_and_writes_no_job_file(
    tmp_path: Path,
) -> None:
    server = ServerProcess.test_server("scope")
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{server.url}/page\n")
        env = {**subprocess_env(), "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "s")}
        result = subprocess.run(
            [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls),
             "--out", str(tmp_path / "warc"), "-s", "DOWNLOAD_DELAY=0",
             "-s", "DODARCHIVE_CONTACT=archivist@example.org"],
            capture_output=True, text=True, env=env, check=False, timeout=300,
        )  # fmt: skip
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'downloader/response_status_count/200': 2" in result.stderr  # robots + page
    assert "Remote control" not in result.stderr
    assert "scrapy.extensions.remote_control" not in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*") if "job_files" in p.parts) == []
