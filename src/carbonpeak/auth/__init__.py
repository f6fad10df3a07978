"""Users, roles, API tokens and permissions (用户、角色、令牌、权限).

Read top-down: ``model.py`` (plain types) → ``passwords.py``, ``tokens.py``, ``uscc.py``,
``permissions.py`` (pure) → ``orm.py``/``service.py`` (database) →
``deps.py``/``api.py``/``cli.py``.
"""
