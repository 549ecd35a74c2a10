"""Staff sign-in, password hashing and role checks."""
