"""`/v1/notices/codes`: public CPV and NUTS lookups and autocomplete, labelled per Accept-Language."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from procure.web.auth import public
from services.notices.api.codes.schemas import (
    CodeInTreeSchema,
    CodeMatchesSchema,
    CodeQuerySchema,
)
from services.notices.domain.codes import FALLBACK_LANGUAGE, LANGUAGES, CodeList
from services.notices.service import codes

blp = Blueprint("codes", __name__, url_prefix="/v1/notices/codes",
                description="CPV and NUTS codes with their labels in the EU official languages")
# English first: `Accept-Language: *` and no header at all both mean English.
_OFFERED = (FALLBACK_LANGUAGE, *(language for language in LANGUAGES if language != FALLBACK_LANGUAGE))


def _uow():
    return current_app.extensions["procure.notices"].unit_of_work()


def _language() -> str:
    """The best of the 24 languages by the Accept-Language q-values; English when none is acceptable."""
    return request.accept_languages.best_match(_OFFERED) or FALLBACK_LANGUAGE


def _headers(language: str | None) -> dict:
    return {"Content-Language": language or FALLBACK_LANGUAGE, "Vary": "Accept-Language"}


class _Completion(MethodView):
    code_list: CodeList

    def _complete(self, query):
        language = _language()
        items = codes.complete(self.code_list, query["q"], language, query["limit"], _uow())
        return {"items": items}, 200, _headers(language)


class _Lookup(MethodView):
    code_list: CodeList

    def _look_up(self, code):
        found = codes.look_up(self.code_list, code, _language(), _uow())
        return found, 200, _headers(found.code.language or _language())


@blp.route("/cpv")
class CpvCompletion(_Completion):
    code_list = CodeList.CPV

    @public
    @blp.arguments(CodeQuerySchema, location="query")
    @blp.response(200, CodeMatchesSchema)
    def get(self, query):
        """Complete a CPV code or label: codes starting with `q`, or labels with words starting with its words."""
        return self._complete(query)


@blp.route("/cpv/<string:code>")
class CpvCode(_Lookup):
    code_list = CodeList.CPV

    @public
    @blp.response(200, CodeInTreeSchema)
    def get(self, code):
        """Read a CPV code with its label, its ancestors up to the division and its children."""
        return self._look_up(code)


@blp.route("/nuts")
class NutsCompletion(_Completion):
    code_list = CodeList.NUTS

    @public
    @blp.arguments(CodeQuerySchema, location="query")
    @blp.response(200, CodeMatchesSchema)
    def get(self, query):
        """Complete a NUTS code or region name (levels 0 to 3)."""
        return self._complete(query)


@blp.route("/nuts/<string:code>")
class NutsCode(_Lookup):
    code_list = CodeList.NUTS

    @public
    @blp.response(200, CodeInTreeSchema)
    def get(self, code):
        """Read a NUTS region with its label, the regions above it and those directly below."""
        return self._look_up(code)
