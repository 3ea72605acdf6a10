"""Children that a test stops with ctrl+c."""

from __future__ import annotations

import signal


def like_a_terminal() -> None:
    """``preexec_fn`` for a child the test will send SIGINT: SIGINT back to its default action, so
    Python installs its KeyboardInterrupt handler in the child. A test runner started as a
    background job ignores SIGINT, and a child inherits that: without this, ctrl+c would be a
    no-op there and the test would fail for a reason that is not the code's."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
