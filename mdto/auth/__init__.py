"""Who may do what: organisations, users and tokens (directory), the authorisation table (policy), security
groups (groups) and OpenID Connect (oidc)."""
