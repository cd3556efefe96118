"""Celery entry points of the accounts app."""

from celery import shared_task


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def send_password_reset(email: str, base_url: str) -> int:
    """E-mail the reset link to the accounts of `email` (accounts.services.send_password_reset)."""
    from . import services

    return services.send_password_reset(email=email, base_url=base_url)


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def send_invitation(invitation_id: int, base_url: str) -> bool:
    """E-mail an invitation with a fresh one-time link (accounts.services.deliver_invitation)."""
    from . import services

    return services.deliver_invitation(invitation_id, base_url=base_url)
