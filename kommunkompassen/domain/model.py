"""The domain: framework versions and evaluations, as read from ``data/``.

These pydantic models are both the validator of the YAML files (unknown keys,
missing keys, wrong types) and the source of the published JSON Schema.
Cross-field rules (sums, ranges, references) live in ``rules.py``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints

from kommunkompassen.domain.recorded import Recorded

Number = Union[StrictInt, StrictFloat]
MAX_LINE = 1_000  # characters in a one-line field (a name, a label, a title)
MAX_PROSE = 20_000  # characters in a free-text field (notes); the longest real one is under 500


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value or "\u2028" in value or "\u2029" in value:
        raise ValueError("ska vara en rad; radbrytningar tillåts inte här (en längre förklaring hör hemma i "
                         "'note' eller 'notes')")
    return value


# A one-line text: it becomes a heading, a table cell or a link text, where a line break would
# start new Markdown (a heading, a code block).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE),
                 AfterValidator(_one_line)]
Prose = Annotated[str, StringConstraints(max_length=MAX_PROSE)]
# Area and sub-question numbers; how many areas a version has is the framework file's business.
AreaKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]?$")]
QuestionKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]?\.[1-9][0-9]?$")]
MAX_AREAS = 99


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- framework versions ---------------------------------------------------


class FrameworkQuestion(_Strict):
    id: QuestionKey
    max: StrictInt = Field(ge=1, le=1000)
    text: Text
    note: Optional[Prose] = None


class FrameworkArea(_Strict):
    number: StrictInt = Field(ge=1, le=MAX_AREAS)
    max: StrictInt = Field(ge=1, le=1000)  # the area's most points; its sub-questions' maxima add up to it
    name: Optional[Text] = None
    name_note: Optional[Prose] = None
    alternative_names: list[Text] = []  # other names reports print for this area
    headings: list[Text] = []
    questions: list[FrameworkQuestion] = []

    def question(self, qid: str) -> Optional[FrameworkQuestion]:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def label(self) -> str:
        return self.name or f"Område {self.number}"

    @property
    def names(self) -> list[str]:
        """Every name reports print for the area: the usual one first."""
        return [n for n in [self.name, *self.alternative_names] if n]


class FrameworkSource(_Strict):
    title: Text
    note: Optional[Prose] = None


class FrameworkDrawing(_Strict):
    """How charts and the map tell this version apart (besides its name)."""

    # matplotlib marker codes that draw the same filled and hollow (a hollow one marks a
    # derived or uncertain value).
    marker: Literal["o", "s", "D", "^", "v", "<", ">", "p", "h", "P", "X", "*"]
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20,
                                            pattern=r"^[0-9A-Za-zÅÄÖåäö –-]+$")]


class Framework(_Strict):
    id: Text
    name: Text
    period: Text
    description: Optional[Prose] = None
    max_total: StrictInt = Field(ge=1, le=100_000)  # the areas' maxima add up to it
    drawing: FrameworkDrawing
    areas: list[FrameworkArea] = Field(min_length=1, max_length=MAX_AREAS)
    sources: list[FrameworkSource] = []
    # Chapters every report of this version opens with, about Kommunkompassen itself rather than
    # the municipality: the report page shows them after the municipality's own text.
    introduction_titles: list[Text] = []

    def area(self, number: int) -> Optional[FrameworkArea]:
        return next((a for a in self.areas if a.number == number), None)

    @property
    def area_max(self) -> Optional[int]:
        """The most points of every area, when all areas have the same (100 in every version so far)."""
        maxima = {a.max for a in self.areas}
        return maxima.pop() if len(maxima) == 1 else None

    @property
    def has_questions(self) -> bool:
        return any(a.questions for a in self.areas)


# --- evaluations ------------------------------------------------------------


class MunicipalityRef(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
    name: Text


class Evaluator(_Strict):
    name: Text
    organisation: Optional[Text] = None


class QuestionScore(_Strict):
    score: Recorded[Number]
    max: Recorded[StrictInt]
    percent: Recorded[Number]


class AreaScore(_Strict):
    score: Recorded[Number]
    questions: dict[QuestionKey, QuestionScore] = {}


class Comparison(_Strict):
    """A comparison the report or source makes: an average (``total``, ``areas``), or a placing
    in the source's own words (``quote``). ``scope`` says whom the average covers when a source
    gives several: ``first`` (municipalities in their first evaluation) or ``all``."""

    label: Text
    description: Optional[Text] = None
    scope: Optional[Literal["all", "first"]] = None
    quote: Optional[Text] = None
    total: Optional[Recorded[Number]] = None
    areas: dict[AreaKey, Recorded[Number]] = {}


class Fact(_Strict):
    label: Text
    value: Text


# What a value in an evaluation file is called when a source names the values it backs:
# ``year``, ``month``, ``framework``, ``total``, ``areas`` (every area), ``areas.3.score``,
# ``evaluation_number``, ``evaluators``, ``report_date``, ``comparisons``, ``notes``, ``existence``.
EvidenceKey = Annotated[str, StringConstraints(pattern=r"^(year|month|framework|total|areas|areas\.[1-9][0-9]?\.score|"
                                                       r"evaluation_number|evaluators|interviewed|report_date|"
                                                       r"comparisons|notes|existence)$")]


class Source(_Strict):
    """Where values come from. With ``quote`` and ``supports`` it is evidence: the source's
    exact words and the values they state. ``kind``: ``mention`` when the page only lists the
    report's title (e.g. among another municipality's related documents; shown as "rapporten
    nämns i …"), ``secondary`` when another municipality's page quotes the value."""

    title: Text
    publisher: Optional[Text] = None
    url: Optional[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = None
    file: Optional[Text] = None
    used_for: Text
    quote: Optional[Text] = None
    supports: list[EvidenceKey] = []
    kind: Optional[Literal["mention", "secondary"]] = None


class Conflict(_Strict):
    """Sources that disagree on a value; the value in the file is left as it is."""

    field: EvidenceKey
    note: Text


class NamedRoleModel(_Strict):
    """A municipality the report itself points to as an example in an area (its own words).

    ``municipality`` is another municipality the report names as a role model for this one,
    or this municipality itself when the report holds it up as an example for others.
    """

    area: StrictInt = Field(ge=1, le=MAX_AREAS)
    questions: list[QuestionKey] = []  # the sub-questions the sentence is about, when it says
    municipality: MunicipalityRef
    year: Optional[StrictInt] = Field(default=None, ge=1995, le=2100)  # which evaluation of it, if the report says
    quote: Text  # the report's sentence, as printed
    where: Optional[Text] = None  # where in the report, e.g. "Område 8, Sammanfattning"


class EvaluationData(_Strict):
    """One ``data/evaluations/*.yaml`` file."""

    municipality: MunicipalityRef
    year: StrictInt = Field(ge=1995, le=2100)
    month: Optional[Recorded[Annotated[StrictInt, Field(ge=1, le=12)]]] = None
    report_date: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]] = None
    framework: Recorded[Text]
    evaluation_number: Optional[Recorded[Annotated[StrictInt, Field(ge=1)]]] = None
    evaluators: list[Evaluator] = []
    evaluators_note: Optional[Text] = None
    interviewed: Optional[Recorded[Annotated[StrictInt, Field(ge=0, le=100_000)]]] = None
    total: Optional[Recorded[Number]] = None
    comparisons: list[Comparison] = []
    areas: dict[AreaKey, AreaScore] = {}
    named_role_models: list[NamedRoleModel] = []
    kortfakta: list[Fact] = []
    kortfakta_title: Optional[Text] = None
    sources: list[Source] = Field(min_length=1)
    conflicts: list[Conflict] = []
    notes: Optional[Prose] = None
    # Set by scripts/import_report.py when it was unsure of the text's structure: the site shows
    # no counts of strengths and improvement areas until a maintainer removes it.
    text_unconfirmed: Optional[Text] = None
    imported: Optional["ImportRecord"] = None


class ImportRecord(_Strict):
    """What an import last wrote into a file (``scripts/import_published.py``).

    A re-import updates a field only while its value still equals ``fields``; a value a
    maintainer changed, and every field the import did not write, is kept.
    """

    file: Text
    fields: dict[str, Any]


# --- the catalogue: known evaluations without a year, programme facts ------------------


class UndatedEvaluation(_Strict):
    """An evaluation a source mentions without saying when it was made."""

    municipality: MunicipalityRef
    framework: Recorded[Text]
    total: Optional[Recorded[Number]] = None
    evaluators: list[Evaluator] = []
    year_note: Text
    sources: list[Source] = Field(min_length=1)
    notes: Optional[Prose] = None


class UndatedFile(_Strict):
    """``data/undated.yaml``, written by the import."""

    file: Text
    evaluations: list[UndatedEvaluation] = []


Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class ProgrammeFact(_Strict):
    """One statement about the whole programme, e.g. how many evaluations have been made."""

    label: Text
    value: Optional[Text] = None
    source_text: Text
    sources: list[Url] = Field(min_length=1)


class FactsFile(_Strict):
    """``data/facts.yaml``."""

    file: Text
    facts: list[ProgrammeFact]


EvaluationData.model_rebuild()
