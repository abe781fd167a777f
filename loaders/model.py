"""The data classes every stage of the loaders passes on: source text, facts, findings, reports."""
from __future__ import annotations

from dataclasses import dataclass, field

from .rules import rule

MAX_FINDINGS_PER_RULE = 200  # findings of one rule listed for one report; a real report has a few


@dataclass(frozen=True, slots=True)
class CellOrigin:
    """Where a table cell stands in a format that keeps table structure (HTML, DOCX, PDF)."""

    page: int = 0  # 1-based PDF page; 0 where the format has no pages
    table: int = 0  # 1-based table of the document
    row: int = 0  # 1-based row of that table
    cell: int = 0  # 1-based cell (grid column) of that row


@dataclass(slots=True)
class SourceText:
    """A report as lines of text, whatever its format.

    `raw_lines` are what a person reads (the 报告 page shows them); `lines` are the same lines
    normalised for reading (simplified characters, NFKC). Both have one entry per line, so a line
    number means the same in both. Formats with tables render each table row as one line of cells
    joined by " | " and say in `origins` where each of those cells came from: key (line, field),
    both 1-based, field counted between the pipes.
    """

    raw_lines: list[str]
    lines: list[str]
    format: str = "text"
    origins: dict[tuple[int, int], CellOrigin] = field(default_factory=dict)
    structured: bool = False  # True when every table row is a whole row of a real table grid
    ends_mid_text: bool = False  # the text stops on a character, not a break: its last number may be cut
    page_ends: tuple[int, ...] = ()  # 1-based lines that end with a page break (form feed of PDF text)
    findings: list[Finding] = field(default_factory=list)  # what the reader left out, and why


@dataclass(slots=True)
class Fact:
    """One number of a report, placed in the catalog with certainty."""

    metric: str
    applicant: str  # one of catalog.APPLICANT_IDS for per-applicant metrics, '' otherwise
    value: float
    unit: str
    line: int  # 1-based line of the source text where the number stands
    section: str  # 一 … 四
    origin: CellOrigin | None = None
    from_narrative: bool = False
    field: int = 0  # 1-based field of the line (between tabs or pipes) the number stands in
    reading: str = ""  # how a table value was read where not plainly: 'glued' (digits forced), 'arithmetic'
    char_start: int = -1  # 0-based characters of the line the value stands on (glued tables), -1 unknown
    char_end: int = -1


@dataclass(slots=True)
class Finding:
    """Something a reviewer should know about a report: a check that failed, a gap, a doubt."""

    rule: str
    message: str
    line: int = 0
    metric: str = ""
    applicant: str = ""  # the applicant column (catalog.APPLICANT_IDS) the finding is about, '' when not one

    @property
    def severity(self) -> str:
        return rule(self.rule).severity


@dataclass(slots=True)
class Report:
    """Everything the loaders read from one file."""

    source: str
    status: str = "failed"  # ok | partial | failed
    message: str = ""
    org: str = ""
    county: str = ""
    year: int | None = None
    title_year: int | None = None
    template: str = ""
    format: str = "text"
    sha256: str = ""
    size: int = 0
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sections: tuple[str, ...] = ()  # the section numbers (一 … 六) the report shows
    narrative: str = ""  # sections 一, 五, 六 as one normalised text, for the repeated-text check
    copy_text: str = ""  # sections 一 and 五, for the check of text copied from other bodies
    published: str = ""  # ISO date the report was published, read from the file ("" when unknown)
    published_from: str = ""  # where that date was read (review.dates: page line, meta tags, file metadata)
    signed: str = ""  # ISO date of the 落款 at the report's end (shown; not a publication date)
    finding_counts: dict[str, int] = field(default_factory=dict)  # findings of each rule, listed or not
    _capped: dict[str, Finding] = field(default_factory=dict)  # rule → the finding that counts the rest

    def find(self, rule_id: str, message: str, line: int = 0, metric: str = "", applicant: str = "") -> None:
        """Record a finding (the rule id must be registered in rules.py; `applicant` for a finding about
        one applicant column, so that a review decision on it leaves the other columns' alone). Past MAX_FINDINGS_PER_RULE
        of one rule, the rest are only counted, in one findings.capped finding: a file of 800,000 odd
        rows must not give a checks table of 800,000 rows."""
        title = rule(rule_id).title
        n = self.finding_counts[rule_id] = self.finding_counts.get(rule_id, 0) + 1
        if n <= MAX_FINDINGS_PER_RULE:
            self.findings.append(Finding(rule_id, message, line, metric, applicant))
            return
        capped = self._capped.get(rule_id)
        if capped is None:
            capped = self._capped[rule_id] = Finding("findings.capped", "", line)
            self.findings.append(capped)
        capped.message = (f"「{title}」共 {n} 项，只列出前 {MAX_FINDINGS_PER_RULE} 项，"
                          f"其余 {n - MAX_FINDINGS_PER_RULE} 项（自第 {capped.line} 行起）未逐项列出")
