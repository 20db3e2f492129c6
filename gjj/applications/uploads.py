"""Uploaded materials: the type is read from the content, never from the name or the browser's
word; files live under settings.GJJ_MEDIA_ROOT (outside every public URL) and are served only by
views that check ownership or role."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
TOO_MANY_FILES = f"每笔申请最多上传 {MAX_FILES} 个文件。"
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
HEAD_BYTES = 8192


class UploadRefused(ValueError):
    """A file that is not accepted; the message says why, in Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    filename: str
    sha256: str


def media_root() -> Path:
    return Path(settings.GJJ_MEDIA_ROOT)


def check_size(upload) -> str:
    """Refuse a file over 10 MB by its declared size, before anything reads it; its name."""
    name = Path(upload.name or "").name[:120] or "材料"
    if upload.size is not None and upload.size > MAX_BYTES:
        raise UploadRefused(f"文件“{name}”超过 10 MB，请压缩或分页后再上传。")
    return name


def check_upload(upload) -> CheckedFile:
    """Read and check one uploaded file (PDF, JPEG or PNG; at most 10 MB; not empty)."""
    name = check_size(upload)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise UploadRefused(f"文件“{name}”超过 10 MB，请压缩或分页后再上传。")
    if not content:
        raise UploadRefused(f"文件“{name}”是空文件，请重新选择。")
    kind = filetype.guess(content[:HEAD_BYTES])
    mime = kind.mime if kind is not None else ""
    if mime not in ALLOWED:
        raise UploadRefused(f"文件“{name}”不是 PDF、JPEG 或 PNG 文件，请上传这三种格式之一。")
    if mime == "application/pdf" and b"%%EOF" not in content[-2048:]:
        raise UploadRefused(f"文件“{name}”不是完整的 PDF 文件，请重新导出后上传。")
    if mime != "application/pdf":
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise UploadRefused(f"图片“{name}”已损坏或不完整，请重新拍照或扫描后上传。") from exc
    return CheckedFile(
        content=content,
        content_type=mime,
        extension=ALLOWED[mime],
        filename=name,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def store(checked: CheckedFile) -> str:
    """Write the file under the media root; returns its relative path (random, no user text)."""
    today = timezone.localdate()
    relative = f"materials/{today:%Y/%m}/{secrets.token_hex(16)}.{checked.extension}"
    path = media_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "xb") as fh:
        fh.write(checked.content)
    path.chmod(0o600)
    return relative


def open_stored(relative: str):
    root = media_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative)
    return open(path, "rb")  # noqa: SIM115 - FileResponse closes it
