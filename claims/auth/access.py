"""Access control: who may reach which staff route."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from claims.extensions import login_manager
from claims.extensions import db
from claims.models import User

STAFF_ROLES = ("solicitor", "partner", "admin")

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def role_required(*roles: str):
    """Require a signed-in user holding one of ``roles`` (anonymous users go to sign-in)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        wrapped.required_roles = roles  # read by the access-control test
        return wrapped
    return decorator


staff_required = role_required(*STAFF_ROLES)
