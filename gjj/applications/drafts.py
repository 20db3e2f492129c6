"""Drafts and their materials: what a person fills in before 确认提交 (the pages keep one draft
of a business at a time), the uploaded files (content-checked by `uploads`), and the app's
one-request submission. The submission itself is `services.application_submit`."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import transaction

from gjj.applications import uploads
from gjj.applications.models import Application, Draft, Material


@transaction.atomic
def draft_save(*, person, business: str, data: dict) -> Draft:
    """Start or update the person's draft for `business` (one at a time)."""
    draft, created = Draft.objects.get_or_create(
        person=person,
        business=business,
        defaults={"token": secrets.token_urlsafe(24), "data": data},
    )
    if not created:
        draft.data = data
        draft.save(update_fields=["data", "updated_at"])
    return draft


@transaction.atomic
def draft_discard(*, draft: Draft) -> None:
    """Forget a draft and its files (the files leave the disk once the deletion committed)."""
    files = Material.objects.filter(draft=draft, application__isnull=True)
    paths = list(files.values_list("path", flat=True))
    files.delete()
    draft.delete()

    def unlink() -> None:
        for relative in paths:
            (uploads.media_root() / relative).unlink(missing_ok=True)

    if paths:
        transaction.on_commit(unlink)


def material_add(
    *, person, name: str, upload, draft: Draft | None = None, application=None, round: int = 0
) -> Material:
    """Check and store one file (uploads.UploadRefused when refused: nothing is stored)."""
    count = Material.objects.filter(
        **({"draft": draft} if draft is not None else {"application": application})
    ).count()
    if count >= uploads.MAX_FILES:
        raise uploads.UploadRefused(uploads.TOO_MANY_FILES)
    checked = uploads.check_upload(upload)
    relative = uploads.store(checked)
    try:
        return Material.objects.create(
            person=person,
            draft=draft,
            application=application,
            name=name[:60],
            filename=checked.filename,
            path=relative,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            round=round,
        )
    except Exception:
        (uploads.media_root() / relative).unlink(missing_ok=True)
        raise


@transaction.atomic
def material_remove(*, material: Material) -> None:
    """Remove a file from a draft (a submitted application's files stay)."""
    if material.application_id is None:
        Material.objects.filter(pk=material.pk).delete()
        (uploads.media_root() / material.path).unlink(missing_ok=True)


def draft_submit_at_once(
    *, person, business: str, data: dict, files=(), submit: Callable[[Draft], Application]
) -> Application:
    """An application in one request (the app's API): the pages' steps on a draft — its
    content, its materials (`files`: (material name, upload) pairs), then `submit(draft)`,
    the business's 确认提交 — all or nothing.

    A refused file (uploads.UploadRefused) or rule (Refused) stores nothing, not even the files,
    and leaves the person's unsubmitted draft of the web pages as it was; a submission replaces
    that draft (one application of a business in progress at a time: it could not be submitted
    any more)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            old = Draft.objects.filter(person=person, business=business).first()
            if old is not None:
                draft_discard(draft=old)
            draft = draft_save(person=person, business=business, data=data)
            for name, upload in files:
                stored.append(
                    material_add(person=person, draft=draft, name=name, upload=upload).path
                )
            return submit(draft)
    except BaseException:
        for relative in stored:
            (uploads.media_root() / relative).unlink(missing_ok=True)
        raise


def materials_posted(*, person, draft: Draft, materials, files) -> list[str]:
    """Store what a form page posted: one file input per material of the business
    (`file-<index>`, several files each). Returns the refusals' messages; a refused file is not
    stored, the others are."""
    errors = []
    for i, item in enumerate(materials):
        for upload in files.getlist(f"file-{i}"):
            try:
                material_add(person=person, draft=draft, name=item["name"], upload=upload)
            except uploads.UploadRefused as exc:
                errors.append(str(exc))
    return errors


def material_slots(materials, files) -> list[dict]:
    """The upload fields of a form page (applications/_material_fields.html): each material of
    the business, whether it is required and whether a file of it is in the draft."""
    given = {f.name for f in files}
    return [
        {"index": i, "name": m["name"], "required": m.get("required"), "given": m["name"] in given}
        for i, m in enumerate(materials)
    ]
