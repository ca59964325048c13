"""Reads of the governance registers, filtered for the user in SQL.

``*_get_for_user`` is the one permission-checked lookup per model: it answers 404 for both
"missing" and "not yours", so another organisation's ids (and a colleague's concerns)
reveal nothing. Lists filter with EXISTS joins, never with id lists loaded into Python.
"""

from governance.selectors.dashboard import *  # noqa: F403
from governance.selectors.policies import *  # noqa: F403
from governance.selectors.privacy import *  # noqa: F403
from governance.selectors.safeguarding import *  # noqa: F403
