"""Evidence attachments (佐证材料) of progress reports: files stored under the data directory
by their SHA-256, with a size limit and a list of allowed types (``tracking/settings.py``)."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.tracking.orm import AttachmentRow, ProgressReportRow
from carbonpeak.tracking.settings import attachments_dir, get_tracking_settings


def _safe_name(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if not name or name in (".", ".."):
        raise InputError("filename: 文件名无效 / invalid file name")
    return name[:255]


def add_attachment(
    *,
    db_session: Session,
    report: ProgressReportRow,
    filename: str,
    data: bytes,
    unit_name: str,
    actor: str,
    content_type: str | None = None,
    root: Path | None = None,
) -> AttachmentRow:
    """Store ``data`` as evidence of ``report``. Too large or a type not allowed: ``InputError``
    naming the file, its size or suffix and the limit."""
    settings = get_tracking_settings()
    name = _safe_name(filename)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in settings.allowed_suffixes:
        allowed = ", ".join(sorted(settings.allowed_suffixes))
        raise InputError(
            f"{name}: 不允许的文件类型 .{suffix}，允许 {allowed} / file type .{suffix} is not "
            f"allowed; allowed: {allowed}"
        )
    if len(data) > settings.attachment_max_bytes:
        raise InputError(
            f"{name}: 文件过大（{len(data)} 字节，上限 {settings.attachment_max_bytes}） / "
            f"file too large ({len(data)} bytes; limit {settings.attachment_max_bytes})"
        )
    if not data:
        raise InputError(f"{name}: 文件为空 / the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    base = root or attachments_dir()
    relative = Path(digest[:2]) / digest
    target = base / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    guessed = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    row = AttachmentRow(
        report_id=report.id,
        unit_name=unit_name,
        filename=name,
        content_type=guessed[:120],
        size_bytes=len(data),
        sha256=digest,
        storage_path=relative.as_posix(),
        uploaded_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="create",
        entity="tracking_attachment",
        entity_id=row.id,
        after={"report": report.id, "filename": name, "size": len(data), "sha256": digest},
    )
    return row


def get_attachment(*, db_session: Session, attachment_id: int) -> AttachmentRow:
    row = db_session.get(AttachmentRow, attachment_id)
    if row is None:
        raise NotFound(f"attachment: 附件不存在 / no such attachment: {attachment_id}")
    return row


def read_attachment(row: AttachmentRow, *, root: Path | None = None) -> bytes:
    path = (root or attachments_dir()) / row.storage_path
    if not path.exists():
        raise NotFound(f"attachment: 附件文件缺失 / stored file missing: {row.filename}")
    return path.read_bytes()
