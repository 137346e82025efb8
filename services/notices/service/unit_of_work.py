"""The notices unit of work: repositories plus the outbox in one transaction."""
from __future__ import annotations

from procure.database import SqlUnitOfWork
from services.notices.adapters.code_labels import CodeLabelRepository
from services.notices.adapters.deadlines import DueNotices
from services.notices.adapters.feed import ChangeFeed
from services.notices.adapters.questions import QuestionRepository
from services.notices.adapters.repository import NoticeRepository
from services.notices.adapters.revisions import RevisionRepository
from services.notices.adapters.search import NoticeSearchRepository
from services.notices.adapters.workspace import WorkspaceRepository


class NoticesUnitOfWork(SqlUnitOfWork):
    def _open(self, session) -> None:
        self.notices = NoticeRepository(session)
        self.due_notices = DueNotices(session)
        self.revisions = RevisionRepository(session)
        self.changes = ChangeFeed(session)
        self.notice_search = NoticeSearchRepository(session)
        self.questions = QuestionRepository(session)
        self.workspace = WorkspaceRepository(session)
        self.code_labels = CodeLabelRepository(session)

    def commit(self) -> None:
        for notice in self.notices.seen:
            self.record(*notice.events)
            notice.events.clear()
        super().commit()
