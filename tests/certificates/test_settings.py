"""Certificate settings saved in one call (design, signatories and logo: all or nothing; the logo
copied before the commit, the replaced one removed after it) and previews of unsaved settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.errors import ValidationError
from desktop.services import certificates as certificates_module
from desktop.services.app import Services
from desktop.services.certificates import (
    LOGO_UNREADABLE,
    SETTING_LOGO,
    SIGNATORY_NAME_REQUIRED,
    Signatory,
    logo_dir,
)
from tests.pdf.pdftext import in_order, pdf_text

IMAGE = b"/Subtype /Image"  # an image XObject: the logo (the QR code is drawn as paths)


def write_png(path: Path, colour: bytes = b"\x20\x60\xa0") -> Path:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + colour * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def logo_files() -> set[str]:
    folder = logo_dir()
    return {p.name for p in folder.glob("logo-*")} if folder.is_dir() else set()


def test_design_signatories_and_logo_are_saved_together(services: Services, tmp_path: Path) -> None:
    source = write_png(tmp_path / "office.png")
    saved = services.certificates.save_settings(
        template_id="modern",
        signatories=[Signatory("زهرا احمدي", "مدیر دفتر"), Signatory("مریم کریمی", "")],
        logo=source,
    )
    assert saved.template_id == "modern"
    assert saved.signatories == (Signatory("زهرا احمدی", "مدیر دفتر"), Signatory("مریم کریمی", ""))
    assert saved.logo is not None and saved.logo.parent == logo_dir()
    assert saved.logo.read_bytes() == source.read_bytes()
    assert services.certificates.settings() == saved


@pytest.mark.parametrize("what", ["bad signatory", "bad logo", "bad design"])
def test_any_bad_part_means_nothing_is_saved(services: Services, tmp_path: Path, what: str) -> None:
    first_logo = write_png(tmp_path / "first.png")
    before = services.certificates.save_settings(
        template_id="classic", signatories=[Signatory("زهرا احمدی", "مدیر")], logo=first_logo
    )
    files_before = logo_files()
    good_logo = write_png(tmp_path / "second.png", b"\xc0\x30\x20")
    bad_logo = tmp_path / "broken.png"
    bad_logo.write_bytes(b"\x89PNG\r\n\x1a\n but not really an image")
    arguments = {
        "template_id": "modern",
        "signatories": [Signatory("مریم کریمی", "مربی")],
        "logo": good_logo,
    }
    if what == "bad signatory":
        arguments["signatories"] = [Signatory("", "مربی")]
    elif what == "bad logo":
        arguments["logo"] = bad_logo
    else:
        arguments["template_id"] = "no-such-design"
    with pytest.raises(ValidationError) as refused:
        services.certificates.save_settings(**arguments)  # type: ignore[arg-type]
    if what == "bad signatory":
        assert refused.value.msgid == SIGNATORY_NAME_REQUIRED
    if what == "bad logo":
        assert refused.value.msgid == LOGO_UNREADABLE and refused.value.field == "logo"
    assert services.certificates.settings() == before
    assert logo_files() == files_before  # no copy was left behind either


def test_a_failed_commit_keeps_the_old_logo_and_removes_the_new_copy(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = services.certificates.save_settings(logo=write_png(tmp_path / "first.png"))
    assert before.logo is not None
    real_put = certificates_module._put_setting

    def failing_put(session: object, key: str, value: str) -> None:
        if key == SETTING_LOGO:
            assert Path(value).is_file()  # the copy is written before the commit
            raise OSError("disk full")
        real_put(session, key, value)  # type: ignore[arg-type]

    with monkeypatch.context() as patched, pytest.raises(OSError):
        patched.setattr(certificates_module, "_put_setting", failing_put)
        services.certificates.save_settings(
            template_id="modern", logo=write_png(tmp_path / "second.png", b"\x00\x00\x00")
        )
    after = services.certificates.settings()
    assert after == before and before.logo.is_file()  # the old one is still there
    assert logo_files() == {before.logo.name}  # the new copy is gone


def test_replacing_or_removing_the_logo_removes_the_old_copy_after_saving(
    services: Services, tmp_path: Path
) -> None:
    first = services.certificates.save_settings(logo=write_png(tmp_path / "first.png")).logo
    assert first is not None
    second = services.certificates.set_logo(write_png(tmp_path / "second.png", b"\x10\x10\x10"))
    assert second.logo is not None and second.logo != first
    assert not first.exists() and second.logo.is_file()
    unchanged = services.certificates.save_settings(signatories=[Signatory("زهرا احمدی", "")])
    assert unchanged.logo == second.logo  # logo=None leaves it as it is
    removed = services.certificates.save_settings(logo=False)
    assert removed.logo is None and not second.logo.exists()
    assert removed.signatories == (Signatory("زهرا احمدی", ""),)


def test_preview_shows_unsaved_signatories_and_logo(services: Services, tmp_path: Path) -> None:
    services.certificates.save_settings(signatories=[Signatory("لیلا صدری", "مدیر دفتر")])
    saved = services.certificates.preview("classic")
    assert in_order("لیلا صدری", pdf_text(saved))

    edited = services.certificates.preview("classic", signatories=[Signatory("مریم كريمي", "مربی")])
    text = pdf_text(edited)
    assert in_order("مریم کریمی", text) and "لیلا صدری" not in text
    assert services.certificates.settings().signatories == (
        Signatory("لیلا صدری", "مدیر دفتر"),
    )  # nothing saved by a preview

    logo = write_png(tmp_path / "logo.png")
    with_logo = services.certificates.preview("classic", logo=logo)
    assert IMAGE in with_logo and IMAGE not in saved
    assert services.certificates.settings().logo is None

    services.certificates.set_logo(logo)
    assert IMAGE in services.certificates.preview("classic")
    assert IMAGE not in services.certificates.preview("classic", logo=False)

    broken = tmp_path / "broken.png"
    broken.write_text("no")
    with pytest.raises(ValidationError) as refused:
        services.certificates.preview(logo=broken)
    assert refused.value.msgid == LOGO_UNREADABLE
    with pytest.raises(ValidationError):
        services.certificates.preview(signatories=[Signatory("", "مدیر")])


def test_a_transparent_logo_stays_transparent(services: Services, tmp_path: Path) -> None:
    """A PNG's alpha channel is kept as a soft mask (drawn without it, the clear parts of a
    round logo came out black)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x20\x60\xa0\x00" * 8 for _ in range(8))  # RGBA, all clear
    logo = tmp_path / "clear.png"
    logo.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    assert b"/SMask" in services.certificates.preview("classic", logo=logo)
