"""Citations and commands on the pages point at things that exist and may be linked.

- The ADA's claim form and CDT are copyrighted and licensed; a page links the ADA's own host,
  never a copy elsewhere (issue 26, finding 5: the instructions were linked on an
  unrelated host).
- Every `twohats <command>` a page shows is a command of the CLI (finding 22 named a
  command for a job another one does; a renamed command would leave pages pointing at
  nothing).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sim.cli.parser import parser as command_parser
from sim.site import data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_snippets/generated" not in p.as_posix())

COPYRIGHTED = re.compile(
    r"ADA Dental Claim Form|claim[- ]form (completion )?instructions|CDT", re.I
)
"""Documents only their publisher may host."""
PUBLISHER_HOSTS = ("ada.org",)
URL = re.compile(r"https?://[^\s>)\"']+")


def _host_ok(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in PUBLISHER_HOSTS)


def _blocks(text: str) -> list[str]:
    """Paragraphs and list items: a citation and its address sit in one of these."""
    return [b for b in re.split(r"\n\s*\n|\n(?=\s*[-*] )", text) if b.strip()]


def off_site_copies(text: str) -> list[str]:
    """Addresses cited beside a copyrighted form that are not on its publisher's host."""
    return [
        url
        for block in _blocks(text)
        if COPYRIGHTED.search(block)
        for url in URL.findall(block)
        if not _host_ok(url)
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_copyrighted_forms_link_only_their_publisher(page: Path) -> None:
    assert off_site_copies(page.read_text(encoding="utf-8")) == []


def test_data_sources_link_copyrighted_forms_only_at_their_publisher() -> None:
    sources = data.read(DOCS / "_data" / "sources.yaml")
    bad = [
        k for k, s in sources.items() if COPYRIGHTED.search(s["title"]) and not _host_ok(s["url"])
    ]
    assert bad == []


def test_the_checker_catches_a_copy_on_another_host() -> None:
    old = (
        '- ADA, "ADA Dental Claim Form Completion Instructions" (report the full fee),\n'
        "  <https://wettermorgen.info/hipaa-code-set-requirements-2886> (tier B)"
    )
    assert off_site_copies(old) == ["https://wettermorgen.info/hipaa-code-set-requirements-2886"]


def _commands() -> set[str]:
    parser = command_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(sub.choices)


INLINE = re.compile(r"`(?:\.venv/bin/)?twohats ([a-z][\w-]*)")
FENCE = re.compile(r"^\s*```[^\n]*\n(.*?)^\s*```", re.M | re.S)
BLOCK_LINE = re.compile(r"^\s*(?:\$ )?(?:\.venv/bin/)?twohats ([a-z][\w-]*)", re.M)


def commands_shown(text: str) -> set[str]:
    """`twohats x` in inline code, and code-block lines that start with the command."""
    in_blocks = {c for block in FENCE.findall(text) for c in BLOCK_LINE.findall(block)}
    return set(INLINE.findall(text)) | in_blocks


@pytest.mark.parametrize(
    "page", [*PAGES, ROOT / "README.md"], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_command_a_page_shows_exists(page: Path) -> None:
    unknown = commands_shown(page.read_text(encoding="utf-8")) - _commands()
    assert not unknown, f"no such twohats command: {sorted(unknown)}"


def test_the_command_checker_sees_inline_and_block_commands() -> None:
    text = (
        "Run `twohats validat x.yaml`.\n\ntwohats never runs in prose.\n\n"
        "```sh\ntwohats chek x.yaml\n```\n"
    )
    assert commands_shown(text) == {"validat", "chek"}
    assert {"validate", "check", "run", "compare"} <= _commands()


def test_the_workload_check_is_named_by_its_command() -> None:
    """The workload estimate is printed by `twohats check`, not by `validate`."""
    evidence = (DOCS / "evidence" / "index.md").read_text(encoding="utf-8")
    workload = next(b for b in _blocks(evidence) if "workload check" in b)
    assert "`twohats check`" in workload and "twohats validate" not in workload


MIRROR_HOSTS = (
    "flippingbook.com",
    "paperzz.com",
    "dokumen.tips",
    "issuu.com",
    "studylib.net",
    "scribd.com",
    "healthdocbox.com",
)
"""Document-sharing sites: a copy there cannot be checked against its publisher."""


def _on_mirror(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in MIRROR_HOSTS)


def test_no_copy_on_a_document_sharing_site_is_rated_tier_a() -> None:
    sources = data.read(DOCS / "_data" / "sources.yaml")
    assert [k for k, s in sources.items() if _on_mirror(s["url"]) and s["tier"] == "A"] == []
    for page in PAGES:
        for block in _blocks(page.read_text(encoding="utf-8")):
            if any(_on_mirror(u) for u in URL.findall(block)):
                assert "(tier A" not in block, (page.name, block)
