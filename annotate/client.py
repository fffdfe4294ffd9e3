"""A thin wrapper over the Label Studio SDK 2.x: one project per field, task import, snapshot export.

Every call goes through :meth:`LabelStudioClient._call`, which turns the SDK's and httpx's errors
into one-line :class:`~paperscope.errors.ServiceError`s (server down, refused key, HTTP 500). The
SDK is imported lazily: importing it takes about two seconds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

from annotate.fields import FIELD_SPECS
from paperscope.errors import ServiceError
from paperscope.records import Field_

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")
PROJECT_PREFIX = "paperscope: "
EXPORT_TIMEOUT = 600.0  # seconds to wait for a snapshot export
EXPORT_TITLE = "paperscope pull"


GUIDELINES = Path(__file__).resolve().parent / "guidelines"


def guidelines(field: Field_) -> str:
    """The project's instructions (HTML): how to verify, the field's controls, then its rubric.

    The rubric part is the gold set's own (:mod:`annotate.rubric`): the same words it was labelled by.
    """
    from annotate.rubric import rubric_html

    intro = (
        "<p>The rubric below is the one the gold set was labelled by. Its <code>names</code> are the gold "
        "file's; here you set the same values with the task's controls.</p>"
    )
    return (
        (GUIDELINES / "common.html").read_text(encoding="utf-8")
        + (GUIDELINES / f"{field}.html").read_text(encoding="utf-8")
        + intro
        + rubric_html(field)
    )


class LabelStudioClient:
    """Talks to one Label Studio server with one API key (legacy token or personal access token)."""

    def __init__(
        self,
        url: str,
        api_key: str | None,
        *,
        httpx_client: httpx.Client | None = None,
        timeout: float = 120.0,
        max_retries: int = 2,
        project_prefix: str = PROJECT_PREFIX,
    ) -> None:
        if not api_key:
            raise ServiceError(
                "no Label Studio API key: set PAPERSCOPE_LS_API_KEY to your personal access token "
                "(Label Studio: Account & Settings > Personal Access Token)"
            )
        import httpx
        from label_studio_sdk import LabelStudio

        sdk: Any = LabelStudio
        self.url = url.rstrip("/")
        self.project_prefix = project_prefix
        self._own_http = httpx_client is None
        self._http = httpx_client or httpx.Client(timeout=timeout, follow_redirects=True)
        self.ls: Any = sdk(
            base_url=self.url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            httpx_client=self._http,
        )

    def close(self) -> None:
        """Close the HTTP connections (a client passed in by the caller is the caller's to close)."""
        if self._own_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one SDK call; any failure becomes a one-line ServiceError naming the server and step."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        try:
            return fn(*args, **kwargs)
        except ApiError as exc:
            raise ServiceError(f"Label Studio at {self.url}: {what} failed: {_api_error(exc)}") from exc
        except httpx.HTTPError as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ServiceError(
                f"Label Studio at {self.url}: {what} failed: cannot reach it ({detail})"
            ) from exc

    # -- projects ------------------------------------------------------------------------------------

    def project_title(self, field: Field_) -> str:
        """The title of a field's project: ``paperscope: <field>``."""
        return f"{self.project_prefix}{field}"

    def whoami(self) -> str:
        """The e-mail of the user the key belongs to (checks that the key works)."""
        return str(self._call("checking the API key", self.ls.users.whoami).email)

    def find_project(self, field: Field_) -> int | None:
        """The id of the field's project, if it exists."""
        title = self.project_title(field)
        pages = lambda page: self.ls.projects.list(page=page, page_size=PAGE_SIZE)  # noqa: E731
        for project in self._call("listing projects", lambda: every_page(pages)):
            if project.title == title:
                return int(project.id)
        return None

    def ensure_project(self, field: Field_, *, overlap: int | None = None) -> int:
        """The field's project, created if missing; its labeling config and guidelines kept equal to ours."""
        config = FIELD_SPECS[field].label_config()
        settings: dict[str, Any] = {} if overlap is None else {"maximum_annotations": overlap}
        guide = guidelines(field)
        pid = self.find_project(field)
        if pid is None:
            created = self._call(
                f"creating the {field} project",
                self.ls.projects.create,
                title=self.project_title(field),
                label_config=config,
                description=f"paperscope verification of {field} labels, one task per paper",
                expert_instruction=guide,
                show_instruction=True,
                # not retried: a retry after a lost reply creates the project twice; the next push
                # finds the one created (by title) instead
                request_options={"max_retries": 0},
                **settings,
            )
            return int(created.id)
        project: Any = self._call(f"reading the {field} project", self.ls.projects.get, pid)
        if (project.label_config or "").strip() != config.strip():
            settings["label_config"] = config
        if (getattr(project, "expert_instruction", None) or "").strip() != guide.strip():
            settings |= {"expert_instruction": guide, "show_instruction": True}
        if overlap is not None and project.maximum_annotations == overlap:
            settings.pop("maximum_annotations")
        if settings:
            self._call(f"updating the {field} project", self.ls.projects.update, pid, **settings)
        return pid

    def ensure_pdf_storage(self, project: int, pdf_root: Path) -> bool:
        """Attach the PDF store to the project as a local-file storage, so the tasks' PDF links open.

        Label Studio then serves a PDF of the store to signed-in members of the project only. False
        when the server does not serve local files (a server not started by ``verify serve``, or
        one started for another home): the links are still in the tasks but will not open.
        """
        from label_studio_sdk.core.api_error import ApiError

        root = str(pdf_root.resolve())
        if pdf_root.name != "pdfs":  # the links name the home's "pdfs" folder (annotate.tasks.PDF_ROUTE)
            return False
        listing = self.ls.import_storage.local.list
        attached = self._call("listing the project's file storages", listing, project=project)
        if any(getattr(s, "path", None) == root for s in attached):
            return True
        try:  # a server that does not serve this folder refuses it (400); an unreachable one is an error
            self._call(
                "attaching the PDF store",
                self.ls.import_storage.local.create,
                project=project, path=root, title="paperscope PDFs", use_blob_urls=False, synchronizable=False,
                request_options={"max_retries": 0},
            )  # fmt: skip
        except ServiceError as exc:
            if isinstance(exc.__cause__, ApiError) and exc.__cause__.status_code == 400:
                return False
            raise
        return True

    # -- tasks -----------------------------------------------------------------------------------------

    def import_tasks(self, project: int, tasks: Sequence[dict[str, Any]]) -> list[int]:
        """Import tasks with their predictions; return the new task ids in input order.

        Not retried: a retry after a lost reply could duplicate tasks; the caller re-runs instead.
        """
        reply: Any = self._call(
            "importing tasks",
            self.ls.projects.import_tasks,
            project,
            request=list(tasks),
            return_task_ids=True,
            request_options={"max_retries": 0},
        )
        ids = [int(i) for i in (reply.task_ids or [])]
        if len(ids) != len(tasks):
            raise ServiceError(
                f"Label Studio at {self.url}: import returned {len(ids)} task ids for {len(tasks)} tasks"
            )
        return ids

    def update_task(self, task_id: int, data: dict[str, Any], prediction: dict[str, Any]) -> None:
        """Replace a task's data and add the prediction unless the task has it already.

        Older predictions stay (annotations point at them). The check makes a repeat after an
        interrupted update add nothing.
        """
        self._call("updating a task", self.ls.tasks.update, str(task_id), data=data)
        existing: list[Any] = self._call("reading predictions", self.ls.predictions.list, task=task_id)
        if any(
            p.model_version == prediction["model_version"] and list(p.result or []) == prediction["result"]
            for p in existing
        ):
            return
        self._call(
            "adding a prediction",
            self.ls.predictions.create,
            task=task_id,
            result=prediction["result"],
            score=prediction["score"],
            model_version=prediction["model_version"],
            request_options={"max_retries": 0},  # a retry after a lost reply would add it twice
        )

    def task_refs(self, project: int) -> dict[str, int]:
        """``data.ref`` -> task id for every task in the project (used to adopt after a lost reply)."""
        pages = lambda page: self.ls.tasks.list(project=project, fields="all", page=page, page_size=PAGE_SIZE)  # noqa: E731
        tasks: list[Any] = self._call("listing tasks", lambda: every_page(pages))
        refs: dict[str, int] = {}
        for task in tasks:
            ref = (task.data or {}).get("ref")
            if isinstance(ref, str):
                refs.setdefault(ref, int(task.id))
        return refs

    # -- export ------------------------------------------------------------------------------------------

    def export(self, project: int, *, annotated_only: bool = True) -> list[dict[str, Any]]:
        """Snapshot export (JSON) with full predictions; no export is left on the server.

        Exports a killed pull left behind are removed first, this one after reading it. The simple export of the Community edition gives prediction ids only; the snapshot export
        keeps each annotation's parent prediction with its result.
        """
        exports = self.ls.projects.exports
        for stale in self._call("listing exports", exports.list, project):
            if stale.title == EXPORT_TITLE:  # left behind by a pull that was killed
                self._call("removing an old export", exports.delete, project, export_pk=stale.id)
        snapshot = self._call(
            "creating an export",
            exports.create,
            project,
            title=EXPORT_TITLE,
            serialization_options={"predictions": {"only_id": False}, "drafts": {"only_id": True}},
            task_filter_options={"annotated": "only"} if annotated_only else None,
        )
        try:
            deadline = time.monotonic() + EXPORT_TIMEOUT
            while True:
                status = self._call(
                    "waiting for the export", exports.get, project, export_pk=snapshot.id
                ).status
                if status == "completed":
                    break
                if status == "failed" or time.monotonic() > deadline:
                    raise ServiceError(f"Label Studio at {self.url}: export of project {project} {status}")
                time.sleep(0.2)
            chunks: Iterator[bytes] = self._call(
                "downloading the export", exports.download, project, export_pk=snapshot.id, export_type="JSON"
            )
            blob = self._call("downloading the export", b"".join, chunks)
        finally:
            self._call("removing the export", exports.delete, project, export_pk=snapshot.id)
        tasks: list[dict[str, Any]] = json.loads(blob)
        return tasks

    def invite_link(self) -> str:
        """The organisation's sign-up link (it holds the invite token: give it to one person only)."""
        invite = self._call("reading the invite link", self.ls.organizations.invites.get_invite_link)
        if not invite.invite_url:
            raise ServiceError(f"Label Studio at {self.url}: reading the invite link failed: no link given")
        return (
            f"{self.url}{invite.invite_url}" if invite.invite_url.startswith("/") else str(invite.invite_url)
        )

    def users(self) -> dict[int, str]:
        """User id -> e-mail, to name annotators."""
        users = self._call("listing users", lambda: list(self.ls.users.list()))
        return {int(u.id): str(u.email or u.username or u.id) for u in users}


PAGE_SIZE = 100


def every_page(fetch: Callable[[int], Any]) -> list[Any]:
    """Every item of a paginated listing, asking no page past the last.

    The SDK's pager asks for the page after every non-empty one, and the server answers the one past
    the end with a 404 ("Invalid page") and a traceback in its log. Here the response's own total
    (``total`` for tasks, ``count`` for projects) says when to stop; a short page does too.
    """
    items: list[Any] = []
    page = 1
    while True:
        reply = fetch(page)
        batch = list(reply.items or [])
        items += batch
        total = getattr(reply.response, "total", None)
        if total is None:
            total = getattr(reply.response, "count", None)
        if not batch or len(batch) < PAGE_SIZE or (isinstance(total, int) and len(items) >= total):
            return items
        page += 1


def _api_error(exc: Any) -> str:
    """One line for an SDK ApiError: status and the server's own short message."""
    status = exc.status_code
    body = exc.body
    detail = (body.get("detail") or body.get("validation_errors") or body) if isinstance(body, dict) else body
    text = " ".join(str(detail).split())
    if len(text) > 200:
        text = text[:200] + "..."
    hint = " (check PAPERSCOPE_LS_API_KEY)" if status in {401, 403} else ""
    return f"HTTP {status}: {text}{hint}"
