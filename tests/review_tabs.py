"""The review's tab bar as each role must see it (issue 14: an enterprise user was shown the
staff tabs, which answered 403), written out once for the page test
(tests/web/test_nav_by_role.py) and the browser test (tests/e2e/test_review.py)."""

from __future__ import annotations

#: An enterprise account (the demo's gangtie): its projects and the application form.
ENTERPRISE_REVIEW_TABS = ("/review", "/review/new")
#: Government staff (the demo's shencha, nengyuan): all six tabs.
STAFF_REVIEW_TABS = (
    "/review",
    "/review/new",
    "/review/twohigh",
    "/review/ledger",
    "/review/budget",
    "/review/inspections",
)
