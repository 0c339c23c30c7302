"""Where MDTO XML input comes from: single documents, directories and SIPs (directory or zip), read safely.

A package is checked before any document in it is parsed: its total size against the configured limit, and
every zip entry name against escaping the package (absolute paths, `..`, drive letters, backslashes). File
contents are never extracted to disk; they are read from the package when a sidecar's checksum is checked.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mdto.xml.errors import PackageTooLarge, UnsafePackage

DOCUMENT_SUFFIX = ".mdto.xml"
SIDECAR_SUFFIX = ".bestand.mdto.xml"
_CHUNK = 1 << 20
_UNSAFE = re.compile(r'[<>:"/\\|?*#&\s\x00-\x1f]+')
MAX_NAME = 255


def safe_name(name: str, suffix: str = "") -> str:
    """A file or folder name the SIP specification allows: no < > : " / \\ | ? * # & or spaces, at most 255
    characters including `suffix`."""
    base = _UNSAFE.sub("_", name).strip("._") or "naamloos"
    return base[: MAX_NAME - len(suffix)] + suffix


@dataclass(frozen=True)
class Content:
    """The bytes of a bestand beside its sidecar, read lazily."""

    name: str
    size: int
    opener: Callable[[], object]

    def chunks(self) -> Iterator[bytes]:
        with self.opener() as f:  # type: ignore[attr-defined]
            while chunk := f.read(_CHUNK):
                yield chunk


@dataclass(frozen=True)
class Document:
    source: str
    data: bytes
    content: Content | None = None


def documents_from_paths(paths: list[Path], max_bytes: int) -> list[Document]:
    """Every MDTO document in these files, directories and zips (sorted within a package)."""
    out: list[Document] = []
    for path in paths:
        if path.is_dir():
            out += _from_directory(path, max_bytes)
        elif zipfile.is_zipfile(path):
            out += documents_from_zip(path, max_bytes)
        else:
            _check_size(path.stat().st_size, max_bytes, str(path))
            out.append(Document(str(path), path.read_bytes()))
    return out


def _check_size(size: int, max_bytes: int, source: str) -> None:
    if size > max_bytes:
        raise PackageTooLarge(f"{size} bytes is more than the limit of {max_bytes} bytes", source)


def _from_directory(root: Path, max_bytes: int) -> list[Document]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    _check_size(sum(p.stat().st_size for p in files), max_bytes, str(root))
    out = []
    for p in files:
        if not p.name.endswith(DOCUMENT_SUFFIX):
            continue
        content = None
        if p.name.endswith(SIDECAR_SUFFIX):
            data_file = p.with_name(p.name[: -len(SIDECAR_SUFFIX)])
            if data_file.is_file():
                content = Content(data_file.name, data_file.stat().st_size, lambda f=data_file: f.open("rb"))
        out.append(Document(str(p), p.read_bytes(), content))
    return out


def _check_entry_name(name: str, source: str) -> None:
    pure = PurePosixPath(name)
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or any(part == ".." for part in pure.parts)
    ):
        raise UnsafePackage(f"zip entry {name!r} would escape the package directory; refused", source)


def documents_from_zip(path: Path | object, max_bytes: int, source: str | None = None) -> list[Document]:
    """Documents of a zipped SIP (`path` may be a file object); the zip stays open for reading contents."""
    source = source or str(path)
    try:
        zf = zipfile.ZipFile(path)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError) as e:
        raise UnsafePackage(f"not a readable zip file: {e}", source) from None
    infos = [i for i in zf.infolist() if not i.is_dir()]
    for info in zf.infolist():
        _check_entry_name(info.filename, source)
    _check_size(sum(i.file_size for i in infos), max_bytes, source)
    names = {i.filename: i for i in infos}
    out = []
    for info in sorted(infos, key=lambda i: i.filename):
        if not info.filename.endswith(DOCUMENT_SUFFIX):
            continue
        content = None
        if info.filename.endswith(SIDECAR_SUFFIX):
            data = names.get(info.filename[: -len(SIDECAR_SUFFIX)])
            if data is not None:
                content = Content(data.filename, data.file_size, lambda d=data: zf.open(d))
        try:
            raw = zf.read(info)
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise UnsafePackage(f"cannot read zip entry {info.filename!r}: {e}", source) from None
        out.append(Document(f"{source}!{info.filename}", raw, content))
    return out
