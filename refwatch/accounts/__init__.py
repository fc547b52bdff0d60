"""Accounts: roles as groups, the first admin, login with a TOTP second factor.

What other layers call:
- `refwatch.accounts.service.ensure_first_admin() -> str | None`: on a fresh install, creates an
  admin with a random password and returns it (to be printed once); None when users exist.
- `refwatch.accounts.service.create_user / set_role / disable / require_2fa / start_totp`.
"""
