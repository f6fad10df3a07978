"""Evidence attachments (佐证材料) of progress reports: files stored under the data directory
by their SHA-256, with a size limit and a list of allowed types (``tracking/settings.py``).

The content type served is decided here from the checked file type (the suffix, whose
leading bytes must match it), never the one the uploader's client declared; only the task's
units and admins may read an attachment (``readable_attachment``)."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath
from urllib.parse import quote

from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.auth import Principal
from carbonpeak.core.errors import InputError, NotFound, PermissionDenied
from carbonpeak.core.intake import check_upload
from carbonpeak.tracking.access.service import report_units, require_task_editor
from carbonpeak.tracking.orm import AttachmentRow, ProgressReportRow
from carbonpeak.tracking.settings import attachments_dir, get_tracking_settings

#: What each allowed suffix is served as; anything else is a download of bytes.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
#: The leading bytes each binary type must have (file signatures).
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
TEXT_TYPES = ("txt", "csv")
OCTET = "application/octet-stream"


def media_type_of(filename: str) -> str:
    """The content type to serve a stored file with, from its (checked) suffix."""
    return MEDIA_TYPES.get(PurePath(filename).suffix.lower().lstrip("."), OCTET)


def check_content(name: str, suffix: str, data: bytes) -> None:
    """``InputError`` unless the bytes are what the suffix says (no HTML named .png)."""
    signatures = SIGNATURES.get(suffix)
    if signatures is not None and not data.startswith(signatures):
        raise InputError(
            f"{name}: 文件内容与类型 .{suffix} 不符 / the content is not a .{suffix} file"
        )
    if suffix in TEXT_TYPES:
        head = data[:4096].lstrip().lower()
        if b"\x00" in data[:4096] or head.startswith((b"<!doctype", b"<html", b"<script", b"<svg")):
            raise InputError(f"{name}: 不是纯文本 / not a plain text file")


def readable_attachment(
    *, db_session: Session, attachment_id: int, principal: Principal
) -> AttachmentRow:
    """The attachment, if ``principal`` may read it: an admin, or an editor of one of the
    task's lead or responsible units. Anyone else is told it does not exist."""
    row = get_attachment(db_session=db_session, attachment_id=attachment_id)
    report = db_session.get(ProgressReportRow, row.report_id)
    try:
        if report is None:
            raise PermissionDenied("report gone")
        require_task_editor(principal, report_units(db_session=db_session, report=report))
    except PermissionDenied:
        raise NotFound(f"attachment: 附件不存在 / no such attachment: {attachment_id}") from None
    return row


def download_headers(filename: str) -> dict[str, str]:
    """Headers of a download: always saved, never rendered, never sniffed."""
    return {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff",
    }


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
    """Store ``data`` as evidence of ``report``. A type not allowed, too large or empty:
    ``InputError`` naming the file and its suffix or the limit (``core.intake.check_upload``)."""
    settings = get_tracking_settings()
    name = _safe_name(filename)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in settings.allowed_suffixes:
        allowed = ", ".join(sorted(settings.allowed_suffixes))
        raise InputError(
            f"{name}: 不允许的文件类型 .{suffix}，允许 {allowed} / file type .{suffix} is not "
            f"allowed; allowed: {allowed}"
        )
    check_upload(data, label=name, limit=settings.attachment_max_bytes)
    check_content(name, suffix, data)
    digest = hashlib.sha256(data).hexdigest()
    base = root or attachments_dir()
    relative = Path(digest[:2]) / digest
    target = base / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    # the client's declared type is ignored: what is served follows the checked suffix
    del content_type
    guessed = media_type_of(name)
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
