"""The README and docs/*.md render as written and state facts that match the tool.

Each file is parsed with markdown-it-py (CommonMark, as GitHub renders it). A fence that
does not close where its author meant it to swallows what follows; we catch that by
comparing the parser's headings with the lines written as headings outside code. Then:

- every ``dodarchive ...`` line in a shell block parses against the real click command,
  and the offline ones (extract, stats, index, pack, validate, schema, normalize-text,
  fixture) run verbatim, in file order, in a sandbox whose ``warc/`` holds fixture WARCs
  (crawl lines are covered by the crawl tests, which run the same spiders and options
  through the replay server, and by ``make run``);
- inline ``dodarchive CMD --flag`` mentions name real commands and options, and every
  command of the CLI is shown somewhere;
- JSON, Python and TOML blocks parse; links, anchors, repository paths, ``dodarchive.*``
  names, ``DODARCHIVE_*`` settings and pip extras exist;
- the README's template table names the real page classes in the order they are tried,
  its field table the real Article fields, and its sample record is what ``extract``
  gives for that WARC record.
"""

from __future__ import annotations

import doctest
import importlib
import json
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from dodarchive.article import Article
from dodarchive.cli import main
from dodarchive.extract.record import extract_record
from dodarchive.pages import PAGE_CLASSES, Page
from dodarchive.pages.fallback import TrafilaturaPage
from dodarchive.pages.textcapture import TextCapture
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, FIXTURES, ROOT, dodarchive_cmd, subprocess_env

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Commands run verbatim (``report`` needs an earlier ``extract``: tests/test_report.py).
RUN_OFFLINE = {
    "extract", "stats", "index", "pack", "validate", "schema", "normalize-text", "fixture",
}  # fmt: skip
SHELL = {"sh", "bash", "shell", "console"}
#: Fence languages where a line starting with ``# `` cannot be a comment.
NO_HASH_COMMENTS = {"json", "text", "html", "xml", "markdown", "md", ""}
#: Rooted repository paths that inline code may name (``warc/`` is crawl output: not checked).
REPO_PATHS = re.compile(r"^(?:src|tests|scripts|bench|docs|schema|\.ci)/[^\s]*$|^scrapy\.cfg$")
_MD = MarkdownIt("commonmark").enable("table")


def _rel(doc: Path) -> str:
    return doc.relative_to(ROOT).as_posix()


# --- Markdown structure -----------------------------------------------------------------


@dataclass(frozen=True)
class Fence:
    """A fenced code block as the parser sees it; ``line`` is 1-based."""

    info: str
    content: str
    line: int


def _tokens(text: str) -> list[Token]:
    return _MD.parse(text)


def fences(text: str) -> list[Fence]:
    """Every fenced code block of ``text``."""
    return [
        Fence(t.info.strip().split(" ")[0], t.content, t.map[0] + 1)
        for t in _tokens(text)
        if t.type == "fence" and t.map
    ]


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))


def headings(text: str) -> dict[int, str]:
    """1-based line → text of every heading the parser finds."""
    tokens = _tokens(text)
    return {
        tok.map[0] + 1: _inline_text(tokens[i + 1])
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.map
    }


def _written_headings(text: str) -> dict[int, str]:
    """Lines written as ATX headings outside code, by the author's intent: a line starting
    with a fence opens code, and the next line starting *or ending* with one closes it
    (``}```` is how a closing fence goes wrong)."""
    found: dict[int, str] = {}
    in_code = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not in_code and stripped.startswith(("```", "~~~")):
            in_code = True
        elif in_code and (stripped.startswith(("```", "~~~")) or stripped.endswith("```")):
            in_code = False
        elif not in_code and re.match(r"#{1,6}\s+\S", line):
            found[number] = line.lstrip("#").strip()
    return found


def fence_problems(text: str) -> list[str]:
    """Where the parser's code blocks differ from the author's: headings swallowed by a
    fence, fences opened inside a fence, headings inside a block of a language without
    ``#`` comments, a fence running to the end of the file."""
    problems = []
    parsed, written = headings(text), _written_headings(text)
    for line, title in sorted(written.items()):
        if line not in parsed:
            problems.append(f"line {line}: heading {title!r} is swallowed by a code block")
    for line, title in sorted(parsed.items()):
        if line not in written:
            problems.append(f"line {line}: {title!r} is a heading only because a fence broke")
    lines = text.splitlines()
    for tok in _tokens(text):
        if tok.type != "fence" or not tok.map:
            continue
        start, end = tok.map
        inner = re.search(r"^\s*(```|~~~)\w", tok.content, flags=re.M)
        if inner and not tok.markup.startswith(("````", "~~~")):
            problems.append(f"line {start + 1}: the fence opened here contains a fence opener")
        info = tok.info.strip().split(" ")[0]
        if info in NO_HASH_COMMENTS and re.search(r"^#{1,6} \S", tok.content, flags=re.M):
            problems.append(f"line {start + 1}: the fence opened here contains a heading")
        if end >= len(lines) and not lines[-1].strip().startswith(tok.markup):
            problems.append(f"line {start + 1}: the fence opened here is never closed")
    return problems


BROKEN_README = """\
### The Article record

A real one:

```json
{
  "url": "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512"
}```

`extract_record(record)` turns one WARC record into an article.

## Running at scale

```sh
dodarchive crawl urls --urls-file seeds.txt --out warc/
```

## Developing
"""


def test_a_fence_closed_on_the_json_line_is_caught() -> None:
    # The old README's break: even fence count, so counting fences missed it.
    assert BROKEN_README.count("```") % 2 == 0
    problems = fence_problems(BROKEN_README)
    assert problems == [
        "line 12: heading 'Running at scale' is swallowed by a code block",
        "line 5: the fence opened here contains a fence opener",
        "line 5: the fence opened here contains a heading",
    ]
    repaired = BROKEN_README.replace("}```", "}\n```")
    assert fence_problems(repaired) == []
    assert list(headings(repaired).values()) == [
        "The Article record", "Running at scale", "Developing",
    ]  # fmt: skip


def test_an_unclosed_fence_is_caught() -> None:
    assert fence_problems("# Title\n\n```sh\nls\n\n## Next\n") == [
        "line 3: the fence opened here is never closed",
    ]


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_fences_swallow_no_heading(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert fence_problems(text) == []
    assert any(title for title in headings(text).values())


# --- Command lines ----------------------------------------------------------------------


def _argv(line: str) -> list[str]:
    argv = shlex.split(line, comments=True)
    return argv[:-1] if argv[-1] == "&" else argv  # a worker started in the background


def shell_commands(text: str) -> list[list[str]]:
    """``dodarchive ...`` command lines of the shell blocks, continuations joined."""
    commands = []
    for fence in fences(text):
        if fence.info in SHELL:
            for line in fence.content.replace("\\\n", " ").splitlines():
                if line.strip().startswith("dodarchive "):
                    commands.append(_argv(line.strip()))
    return commands


def _inline_code(text: str) -> Iterator[str]:
    for tok in _tokens(text):
        for child in tok.children or ():
            if child.type == "code_inline":
                yield child.content


def _resolve(argv: list[str]) -> tuple[click.Command, list[str], click.Context]:
    """The (sub)command ``argv`` names, the arguments left for it, and its parent context."""
    ctx = main.make_context("dodarchive", [], resilient_parsing=True)
    command: click.Command = main
    args = argv[1:]
    while isinstance(command, click.Group) and args:
        sub = command.get_command(ctx, args[0])
        assert sub is not None, f"unknown command in {shlex.join(argv)!r}: {args[0]}"
        ctx = sub.make_context(args[0], [], parent=ctx, resilient_parsing=True)
        command, args = sub, args[1:]
    assert ctx.parent is not None
    return command, args, ctx.parent


def _parse(argv: list[str]) -> None:
    command, args, parent = _resolve(argv)
    command.make_context(command.name, args, parent=parent)


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A folder where the docs' offline commands can run verbatim."""
    (tmp_path / "warc").mkdir()
    for name in ("legacy.warc.gz", "wargov-2025.warc.gz"):
        shutil.copy(FIXTURE_WARCS / name, tmp_path / "warc" / name)
    shutil.copy(FIXTURE_WARCS / "legacy.warc.gz", tmp_path / "a.warc.gz")
    shutil.copy(FIXTURE_WARCS / "wargov-2025.warc.gz", tmp_path / "b.warc.gz")
    for name in ("seeds.txt", "urls.txt"):
        (tmp_path / name).write_text("https://www.war.gov/\n")
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    for name in ("warc", "seed", "pages"):
        (tmp_path / "tests" / "fixtures" / name).symlink_to(FIXTURES / name)
    (tmp_path / "schema").mkdir()
    (tmp_path / "out").mkdir()  # what an earlier `extract` in the docs wrote
    line = '{"headline": "H", "pageType": "release", "url": "https://www.war.gov/x"}\n'
    (tmp_path / "out" / "articles.jsonl").write_text(line)
    (tmp_path / "out" / "articles.rejects.jsonl").write_text("")
    return tmp_path


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_every_command_line_parses(
    doc: Path, sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sandbox)  # options that must name existing files find them here
    for argv in shell_commands(doc.read_text(encoding="utf-8")):
        try:
            _parse(argv)
        except click.ClickException as exc:
            shown = shlex.join(argv)
            pytest.fail(f"{_rel(doc)}: {shown!r} does not parse: {exc.format_message()}")


def _output(argv: list[str]) -> str | None:
    for flag in ("-o", "--output"):
        if flag in argv:
            return argv[argv.index(flag) + 1]
    return None


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_offline_command_lines_run_verbatim(doc: Path, sandbox: Path) -> None:
    ran = []
    for argv in shell_commands(doc.read_text(encoding="utf-8")):
        if argv[1] not in RUN_OFFLINE or "spark" in argv:  # Spark: test_extract_spark_cli
            continue
        result = subprocess.run(
            [*dodarchive_cmd(), *argv[1:]],
            cwd=sandbox, env=subprocess_env(), capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip
        shown = shlex.join(argv)
        assert result.returncode == 0, f"{_rel(doc)}: {shown}: {result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr, shown
        out = _output(argv)
        if out is not None:
            assert (sandbox / out).stat().st_size > 0, f"{shown} wrote nothing to {out}"
        ran.append(argv[1])
    required = {
        "README.md": {"extract", "stats", "validate", "index", "pack"},
        "docs/extraction.md": {"extract", "stats", "normalize-text", "fixture"},
        "docs/crawling.md": {"validate", "index", "pack"},
    }
    assert required.get(_rel(doc), set()) <= set(ran)


def test_inline_commands_name_real_commands_and_options() -> None:
    for doc in DOCS:
        for code in _inline_code(doc.read_text(encoding="utf-8")):
            if not code.startswith("dodarchive "):
                continue
            words = code.replace("[", " ").replace("]", " ").split()
            if not re.fullmatch(r"[a-z][a-z-]*", words[1]):
                continue  # not a command line, e.g. an error message
            command, _, _ = _resolve(words[:2] + [w for w in words[2:3] if w.islower()])
            names = {n for p in command.params for n in (*p.opts, *p.secondary_opts)}
            for word in words[2:]:
                flag = word.split("=", 1)[0]
                if flag.startswith("--"):
                    assert flag in names, f"{_rel(doc)}: `{code}`: {command.name} has no {flag}"


def test_every_cli_command_is_documented() -> None:
    shown: set[str] = set()
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        shown |= {argv[1] for argv in shell_commands(text)}
        shown |= {c.split()[1] for c in _inline_code(text) if c.startswith("dodarchive ")}
    assert set(main.commands) <= shown, f"not in README.md or docs/: {set(main.commands) - shown}"


# --- Other facts ------------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_code_blocks_parse(doc: Path) -> None:
    for fence in fences(doc.read_text(encoding="utf-8")):
        where = f"{_rel(doc)} line {fence.line}"
        if fence.info == "json":
            json.loads(fence.content)
        elif fence.info == "python":
            compile(fence.content, where, "exec")
        elif fence.info == "pycon":  # doctests: tests/test_docs.py runs them
            for example in doctest.DocTestParser().get_examples(fence.content):
                compile(example.source, where, "single")
        elif fence.info == "toml":
            tomllib.loads(fence.content)
        else:
            assert fence.info in {*SHELL, "text"}, f"{where}: say what the block is"


def _slug(title: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _links(text: str) -> Iterator[str]:
    for tok in _tokens(text):
        for child in tok.children or ():
            if child.type == "link_open":
                yield str(child.attrs["href"])


@pytest.mark.parametrize("doc", DOCS, ids=_rel)
def test_links_and_anchors_exist(doc: Path) -> None:
    for href in _links(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", href):
            continue  # external: never fetched
        path, _, anchor = href.partition("#")
        target = (doc.parent / path).resolve() if path else doc
        if _rel(target) == "docs/api.md" and not target.exists():
            continue  # the Python API's page comes with the API (issue 12, item 6)
        assert target.exists(), f"{_rel(doc)}: link to missing {href}"
        if anchor:
            slugs = {_slug(t) for t in headings(target.read_text(encoding="utf-8")).values()}
            assert anchor in slugs, f"{_rel(doc)}: no heading #{anchor} in {_rel(target)}"


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_named_paths_modules_settings_and_extras_exist() -> None:
    searched = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    source = "\n".join(p.read_text(encoding="utf-8") for p in searched)
    source += (ROOT / "src" / "dodarchive" / "data" / "sites.toml").read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(pyproject["project"]["optional-dependencies"])
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for code in _inline_code(text):
            if REPO_PATHS.match(code):
                pattern = re.sub(r"<[^>]+>", "*", code.rstrip("/"))
                assert list(ROOT.glob(pattern)), f"{_rel(doc)}: no such path {code}"
            elif re.fullmatch(r"dodarchive(\.\w+)+", code):
                assert _resolves(code), f"{_rel(doc)}: {code} does not exist"
        for setting in set(re.findall(r"\bDODARCHIVE_[A-Z0-9_]+\b", text)):
            assert setting in source, f"{_rel(doc)}: {setting} is not used anywhere"
        for extra in re.findall(r"pip install '(?:\.|dodarchive)\[(\w+)\]'", text):
            assert extra in extras, f"{_rel(doc)}: pyproject has no extra {extra!r}"


def test_developing_layout_names_every_module_and_package() -> None:
    text = (ROOT / "docs" / "developing.md").read_text(encoding="utf-8")
    layout = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([\w./]+)`", layout))
    package = ROOT / "src" / "dodarchive"
    parts = {f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").exists()}
    parts |= {p.name for p in package.glob("*.py") if not p.name.startswith("__")}
    missing = {part for part in parts if not any(n.startswith(part) for n in named)}
    assert missing == set(), "add them to the layout table of docs/developing.md"


# --- The README's tables and sample record ----------------------------------------------


README = (ROOT / "README.md").read_text(encoding="utf-8")
TEMPLATE_ROW = re.compile(r"^\| `([\w-]+)`(?: \(`template`\))? \| `(\w+)` \|", re.M)


@pytest.mark.parametrize("doc", ["README.md", "docs/extraction.md"])
def test_template_tables_name_the_real_page_classes_in_order(doc: str) -> None:
    rows = TEMPLATE_ROW.findall((ROOT / doc).read_text(encoding="utf-8"))
    classes: tuple[type[Page], ...] = (*PAGE_CLASSES, TextCapture, TrafilaturaPage)
    assert rows == [(cls.template, cls.__name__) for cls in classes]


def test_readme_is_short_and_has_the_newcomer_sections() -> None:
    lines = README.splitlines()
    assert len(lines) <= 200
    sections = {t for n, t in headings(README).items() if lines[n - 1].startswith("## ")}
    assert {"Install", "Quickstart", "The Article record", "Templates", "Documentation"} <= sections
    topics = (
        "crawling",
        "extraction",
        "schema",
        "records",
        "scale-out",
        "report",
        "api",
        "developing",
    )
    assert {h for h in _links(README) if h.startswith("docs/")} == {f"docs/{t}.md" for t in topics}


def test_readme_field_table_names_every_article_field() -> None:
    section = README.split("## The Article record", 1)[1].split("\n## ", 1)[0]
    table = [ln for ln in section.splitlines() if ln.startswith("| `")]
    named = [n for row in table for n in re.findall(r"`(\w+)`", row.split(" | ")[0])]
    assert sorted(named) == sorted(f.name for f in fields(Article))


def test_readme_record_is_what_extract_gives() -> None:
    (block,) = [f for f in fences(README) if f.info == "json"]
    shown = json.loads(block.content)
    where = shown["source"]
    record = next(iter_records(FIXTURE_WARCS / where["warcFile"], start=where["offset"], limit=1))
    outcome = extract_record(record)
    assert outcome.article is not None
    real = outcome.article.to_dict()
    assert {k: real[k] for k in shown} == shown
    left_out = {k for k in real if k not in shown and real[k] not in (None, [])}
    assert left_out == {"articleBodyHtml", "paragraphs"}
