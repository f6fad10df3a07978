"""Notifications (提醒与预警通知): ``messages.py`` (pure: reminder and alert texts) →
``service.py`` (the outbox, contacts, the SMTP mailer) → ``api.py``, ``cli.py``."""
