"""Saving uploaded report files into the reports folder, and reading each one at once.

    results = save_uploads([("镇2023年报.pdf", data), ...], folder)

For each file, in order:
1. its name is made safe: only the last part of any path is kept (`../../x.md` → `x.md`), control
   characters and characters Windows forbids are replaced, leading dots and spaces dropped, the
   length capped; a name that ends up empty or outside the folder is refused;
2. its type must be one of ACCEPTED_SUFFIXES and its size at most MAX_UPLOAD_BYTES (the size the upload
   states is checked before its bytes are taken, and again on the bytes);
3. it is read at once (loaders.read_report) from the bytes in memory; a file that cannot be read at
   all (status 'failed': a scan without text, a zip bomb, a PDF past the page limit, a .pdf that is
   not one …) is not stored, so the reports folder only holds files the loaders read;
4. a file whose bytes are already in the folder (same sha256) is not stored twice;
5. otherwise it is written to a temporary file in the folder, flushed to disk and moved to its name
   atomically; a different file of the same name is never overwritten: the new one gets a free name
   (`报告 (2).pdf`).

Every file gets an UploadResult: ok / partial / failed, and why.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .formats import REPORT_SUFFIXES
from .formats.pdf import MAX_PAGES
from .model import Report
from .report import read_report

#: What the upload page accepts (stated on the page).
ACCEPTED_SUFFIXES: tuple[str, ...] = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_FILES = 50  # files in one upload
MAX_PDF_PAGES = MAX_PAGES
_MAX_NAME_BYTES = 180  # a file name's UTF-8 length (file systems allow 255)
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]')
_WINDOWS_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.I)

assert set(ACCEPTED_SUFFIXES) <= set(REPORT_SUFFIXES)


@dataclass(slots=True)
class UploadResult:
    """What happened to one uploaded file."""

    name: str  # the name as uploaded
    saved_as: str = ""  # the file's name in the reports folder ('' when it was not stored)
    stored: str = "refused"  # 'new' (written), 'duplicate' (the same bytes were already there), 'refused'
    status: str = "failed"  # ok | partial | failed — as the loaders read it
    message: str = ""  # why, for people
    size: int = 0
    sha256: str = ""
    report: Report | None = None


def accepted_types_text() -> str:
    """The accepted types and limits, as the page states them."""
    return (f"支持 {'、'.join(ACCEPTED_SUFFIXES)}；单个文件不超过 {MAX_UPLOAD_MB} MB；PDF 不超过 {MAX_PDF_PAGES} 页，"
            f"且须带文字层（扫描件无法读取）；一次最多 {MAX_FILES} 个文件。")


def safe_name(name: str) -> str:
    """An uploaded file's name made safe to store: its last path part, no control or reserved
    characters, no leading dots, at most _MAX_NAME_BYTES. '' when nothing usable is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _FORBIDDEN.sub("_", name).strip().lstrip(". ").rstrip(". ")
    if not name or name in (".", ".."):
        return ""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = ("." + suffix.lower()) if dot else ""
    stem = stem.strip() or "报告"
    if _WINDOWS_RESERVED.match(stem):
        stem = "_" + stem
    while len((stem + suffix).encode("utf-8")) > _MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    return stem + suffix


class Upload(Protocol):
    """An uploaded file whose size is known before its bytes are taken (Streamlit's UploadedFile)."""

    name: str
    size: int

    def getvalue(self) -> bytes: ...


def save_uploads(files: Iterable[tuple[str, bytes] | Upload], folder: str | os.PathLike) -> list[UploadResult]:
    """Save and read each file — (name, bytes), or an Upload whose bytes are taken only once its name,
    type and size pass; one result per file, in order. Never raises for a bad file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    known = _Known(folder)
    results: list[UploadResult] = []
    for i, item in enumerate(files):
        upload = _Bytes(*item) if isinstance(item, tuple) else item
        if i >= MAX_FILES:
            results.append(UploadResult(upload.name, message=f"一次最多上传 {MAX_FILES} 个文件，此文件未处理"))
            continue
        results.append(_save_one(upload, folder, known))
    return results


@dataclass(frozen=True, slots=True)
class _Bytes:
    """(name, bytes) as an Upload."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def getvalue(self) -> bytes:
        return self.data


def _save_one(upload: Upload, folder: Path, known: _Known) -> UploadResult:
    name = upload.name
    result = UploadResult(name, size=upload.size)
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if not clean or not Path(clean).stem:
        result.message = "文件名无效，未保存"
        return result
    if suffix not in ACCEPTED_SUFFIXES:
        result.message = (f"不支持的文件类型“{suffix or '无扩展名'}”，未保存（支持：{'、'.join(ACCEPTED_SUFFIXES)}）")
        return result
    if upload.size > MAX_UPLOAD_BYTES:  # checked before the bytes are taken
        result.message = _too_large(upload.size)
        return result
    data = upload.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:  # a size that was not the truth
        result.message = _too_large(len(data))
        return result
    if not data:
        result.message = "文件为空，未保存"
        return result
    target_dir = folder.resolve()
    if Path(target_dir, clean).resolve().parent != target_dir:  # safe_name makes this impossible; checked anyway
        result.message = "文件名指向报告文件夹之外，已拒绝"
        return result
    digest = hashlib.sha256(data).hexdigest()
    result.sha256 = digest
    same = known.find(digest, len(data))
    report = read_report(same or clean, data)
    result.report = report
    result.status = report.status
    if same:
        result.saved_as = same
        result.stored = "duplicate"
        result.message = f"与已有文件“{same}”内容相同，未重复保存；{report.message}"
        return result
    if report.status == "failed":
        result.message = f"读取失败，未保存：{report.message}"
        return result
    try:
        saved = _write_new(target_dir, clean, data)
    except OSError as e:
        result.status = "failed"
        result.message = f"保存失败：{e.strerror or type(e).__name__}"
        return result
    report.source = saved
    result.saved_as = saved
    result.stored = "new"
    known.add(saved, digest, len(data))
    renamed = f"（同名文件已存在且内容不同，另存为“{saved}”）" if saved != clean else ""
    result.message = f"已保存{renamed}；{report.message}"
    return result


def _too_large(size: int) -> str:
    return f"文件大小 {_size_text(size)}，超过上限 {MAX_UPLOAD_MB} MB，未保存"


class _Known:
    """The report files already in the folder, found by content: sizes are listed once, and only files
    of an uploaded file's size are hashed (once each)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_size: dict[int, list[str]] = {}
        self.digests: dict[str, str] = {}  # relative name → sha256, for the files hashed so far
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if n.startswith(".") or not n.lower().endswith(REPORT_SUFFIXES):
                    continue
                path = Path(root, n)
                try:
                    size = path.stat().st_size
                except OSError:
                    continue
                self.by_size.setdefault(size, []).append(str(path.relative_to(folder)))

    def find(self, digest: str, size: int) -> str:
        """The name of a file already in the folder with these bytes, or ''."""
        for name in self.by_size.get(size, []):
            if name not in self.digests:
                try:
                    self.digests[name] = _file_hash(self.folder / name)
                except OSError:
                    self.digests[name] = ""
            if self.digests[name] == digest:
                return name
        return ""

    def add(self, name: str, digest: str, size: int) -> None:
        self.by_size.setdefault(size, []).append(name)
        self.digests[name] = digest


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_new(folder: Path, name: str, data: bytes) -> str:
    """Write `data` under a free name in `folder` atomically; return the name used.

    The bytes go to a hidden temporary file in the same folder (flushed and synced), which is then
    hard-linked to the target name — an operation that fails rather than replace an existing file —
    and unlinked. Where hard links are not available, os.replace moves it after checking the name is
    free. Readers of the folder never see a half-written report.
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        for n in range(1, 1000):
            candidate = name if n == 1 else f"{stem} ({n}){suffix}"
            target = folder / candidate
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            except OSError:  # no hard links on this file system
                if target.exists():
                    continue
                os.replace(tmp, target)
                return candidate
            return candidate
        raise OSError(0, "同名文件过多，无法选定新文件名")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_STATUS_LABELS = {"ok": "完整读取", "partial": "部分读取", "failed": "读取失败"}
_STORED_LABELS = {"new": "已保存", "duplicate": "已存在，未重复保存", "refused": "未保存"}


def results_frame(results: list[UploadResult]):
    """The results as a table for people (Chinese headers; plain text, never markup)."""
    import pandas as pd

    return pd.DataFrame({
        "上传文件": [r.name for r in results],
        "结果": [_STATUS_LABELS.get(r.status, r.status) for r in results],
        "保存": [_STORED_LABELS.get(r.stored, r.stored) for r in results],
        "保存为": [r.saved_as for r in results],
        "单位": [r.report.org if r.report else "" for r in results],
        "年度": pd.array([r.report.year if r.report else None for r in results], dtype="Int64"),
        "读取数值": pd.array([len(r.report.facts) if r.report else 0 for r in results], dtype="Int64"),
        "说明": [r.message for r in results],
        "大小（KB）": [round(r.size / 1024, 1) for r in results],
    })


def _size_text(size: int) -> str:
    """A size over the limit in MB rounded up, so that 20 MB + 1 byte reads 20.1 MB, never "20.0 MB"."""
    return f"{-(-size * 10 // 1048576) / 10:.1f} MB"
