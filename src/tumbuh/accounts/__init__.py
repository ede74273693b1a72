"""Users, roles, scope, lockout and audit log."""
