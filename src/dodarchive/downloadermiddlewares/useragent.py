"""The User-Agent names dodarchive and the operator's contact; live crawls need one.

Replaces Scrapy's UserAgentMiddleware. Every request gets
``USER_AGENT`` + ``; contact: <DODARCHIVE_CONTACT>`` (inside its comment parentheses).
A live crawl (no ``DODARCHIVE_REPLAY_URL``) with an empty ``DODARCHIVE_CONTACT`` is
refused before anything is fetched: site operators must be able to reach whoever runs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import UsageError

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["ContactRequiredError", "ContactUserAgentMiddleware", "user_agent"]


class ContactRequiredError(UsageError):
    """A live crawl was started without ``DODARCHIVE_CONTACT``."""


def user_agent(base: str, contact: str) -> str:
    """``base`` with the contact added to its trailing comment (or appended).

    >>> user_agent("dodarchive/0.1 (+https://x.org/d)", "ops@example.org")
    'dodarchive/0.1 (+https://x.org/d; contact: ops@example.org)'
    >>> user_agent("dodarchive/0.1", "")
    'dodarchive/0.1'
    """
    if not contact:
        return base
    if base.endswith(")"):
        return f"{base[:-1]}; contact: {contact})"
    return f"{base} (contact: {contact})"


class ContactUserAgentMiddleware:
    """Sets the User-Agent header; refuses a live crawl without a contact."""

    def __init__(self, agent: str) -> None:
        self.agent = agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Raise :class:`ContactRequiredError` for a live crawl with no contact."""
        settings = crawler.settings
        contact = str(settings.get("DODARCHIVE_CONTACT") or "").strip()
        if not contact and not settings.get("DODARCHIVE_REPLAY_URL"):
            raise ContactRequiredError(
                "DODARCHIVE_CONTACT is empty: live crawls must name a contact (an e-mail "
                "address or URL) for the User-Agent. Set it with "
                "-s DODARCHIVE_CONTACT=you@example.org or the DODARCHIVE_CONTACT setting."
            )
        return cls(user_agent(str(settings.get("USER_AGENT")), contact))

    def process_request(self, request: Request) -> None:
        """Set the User-Agent unless the request already has one."""
        request.headers.setdefault(b"User-Agent", self.agent.encode())
