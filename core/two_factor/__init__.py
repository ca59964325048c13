"""Sign-in hardening: a second factor (TOTP) and recent re-authentication.

Only people authorised by the organisation may see or change its records (R-ACC-1, R-ACC-3),
so a stolen password alone must not be enough for the roles that can destroy records or
read everything: records-unit officers, the data protection officer and administrators
must pass an authenticator-app code after their password (``policy.py``). Irreversible
steps (approving or executing a disposal batch, confirming a copy's destruction) also need
the password, and the code, to have been entered within ``REAUTH_MINUTES``
(``decorators.py``). Wrong passwords are throttled by django-axes (settings ``AXES_*``).
"""
