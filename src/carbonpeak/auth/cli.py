"""``carbonpeak user …``: add users, list them, issue and revoke API tokens."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.auth import service
from carbonpeak.auth.model import Role
from carbonpeak.auth.orm import TokenRow, UserRow
from carbonpeak.db.session import session_scope

app = typer.Typer(help="用户、角色与 API 令牌 / users, roles and API tokens.", no_args_is_help=True)
console = Console()

ROLE_HELP = (
    "角色 role: admin（管理员/双碳办）, unit_editor（单位编辑，须 --unit）, "
    "enterprise（重点用能单位，须 --enterprise）, viewer（只读）, review_officer（节能审查员）."
)


def _user_dict(user: UserRow) -> dict[str, object]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit_name": user.unit.name if user.unit else None,
        "enterprise_code": user.enterprise_code,
        "is_active": user.is_active,
        "created_at": user.created_at.isoformat(),
    }


@app.command("add")
def add(
    username: str = typer.Argument(..., help="用户名 username (lowercase letters, digits, _ . -)."),
    role: Role = typer.Option(..., "--role", help=ROLE_HELP),
    unit: str | None = typer.Option(
        None, "--unit", help="所属单位 organisation unit name, for unit_editor (e.g. 市发展改革委)."
    ),
    enterprise: str | None = typer.Option(
        None, "--enterprise", help="统一社会信用代码 unified social credit code, for enterprise."
    ),
    display_name: str | None = typer.Option(None, "--name", help="显示名称 display name."),
    password: str | None = typer.Option(
        None,
        "--password",
        help="密码 password (≥ 10 characters, not the username or a common one).",
    ),
) -> None:
    """添加用户 / add a user."""
    if password is None:
        password = typer.prompt("密码 / password", hide_input=True, confirmation_prompt=True)
    with session_scope() as db:
        user = service.create_user(
            db_session=db,
            username=username,
            password=password,
            role=role,
            unit_name=unit,
            enterprise_code=enterprise,
            display_name=display_name,
            actor="cli",
        )
        name = user.username
    console.print(f"已添加用户 / added user [bold]{name}[/] ({role.value})")


@app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON."),
) -> None:
    """列出用户 / list users."""
    with session_scope() as db:
        users = [_user_dict(u) for u in service.list_users(db_session=db)]
    if as_json:
        typer.echo(json.dumps(users, ensure_ascii=False, indent=2))
        return
    table = Table(title="用户 / users")
    for header in (
        "用户名 username",
        "名称 name",
        "角色 role",
        "单位 unit",
        "信用代码 code",
        "启用 active",
    ):
        table.add_column(header)
    for u in users:
        table.add_row(
            str(u["username"]),
            str(u["display_name"] or ""),
            Role(str(u["role"])).label,
            str(u["unit_name"] or ""),
            str(u["enterprise_code"] or ""),
            "是 yes" if u["is_active"] else "否 no",
        )
    console.print(table)


@app.command("token")
def token(
    username: str = typer.Argument(..., help="用户名 username."),
    name: str = typer.Option(..., "--name", help="令牌名称 token name (what it is for)."),
) -> None:
    """为用户签发 API 令牌 / issue an API token for a user (printed once)."""
    with session_scope() as db:
        clear = service.issue_token(db_session=db, username=username, name=name, actor="cli")
    typer.echo(clear)
    Console(stderr=True).print(
        "令牌只显示这一次，请妥善保存 / this token will not be shown again: store it safely."
    )


@app.command("tokens")
def tokens(username: str = typer.Argument(..., help="用户名 username.")) -> None:
    """列出用户的令牌（不含令牌本身） / list a user's tokens (never the tokens themselves)."""
    with session_scope() as db:
        rows: list[TokenRow] = service.list_tokens(db_session=db, username=username)
    table = Table(title=f"令牌 / tokens: {username}")
    for header in (
        "id",
        "名称 name",
        "前缀 prefix",
        "创建 created",
        "最近使用 last used",
        "撤销 revoked",
    ):
        table.add_column(header)
    for r in rows:
        table.add_row(
            str(r.id),
            r.name,
            r.prefix + "…",
            f"{r.created_at:%Y-%m-%d %H:%M}",
            f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "",
            f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "",
        )
    console.print(table)


@app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="令牌 id token id (see `user tokens`)."),
) -> None:
    """撤销令牌 / revoke a token."""
    with session_scope() as db:
        row = service.revoke_token(db_session=db, token_id=token_id, actor="cli")
        prefix = row.prefix
    console.print(f"已撤销 / revoked token {token_id} ({prefix}…)")


@app.command("disable")
def disable(username: str = typer.Argument(..., help="用户名 username.")) -> None:
    """停用用户（其令牌与密码均失效） / disable a user (tokens and password stop working)."""
    with session_scope() as db:
        service.set_user_active(db_session=db, username=username, active=False, actor="cli")
    console.print(f"已停用 / disabled {username}")


@app.command("enable")
def enable(username: str = typer.Argument(..., help="用户名 username.")) -> None:
    """重新启用用户 / enable a user again."""
    with session_scope() as db:
        service.set_user_active(db_session=db, username=username, active=True, actor="cli")
    console.print(f"已启用 / enabled {username}")


@app.command("passwd")
def passwd(
    username: str = typer.Argument(..., help="用户名 username."),
    password: str | None = typer.Option(
        None, "--password", help="新密码 new password; prompted for if not given."
    ),
) -> None:
    """修改密码（该用户的网页会话全部结束） / set a new password (ends the user's sessions)."""
    if password is None:
        password = typer.prompt("新密码 / new password", hide_input=True, confirmation_prompt=True)
    with session_scope() as db:
        service.set_password(db_session=db, username=username, password=password, actor="cli")
    console.print(f"已修改密码 / password changed for {username}; sessions ended")
