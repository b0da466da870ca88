"""comply: GDPR / CNIL personal-data rules (libcomply) for Python.

Load rules, then classify names, values and columns, scan and redact free
text, check collection declarations and compute retention deadlines::

    import comply
    rules = comply.Rules.default()
    rules.classify_name("email")["category"]        # 'contact.email'
    rules.scan("write to jane@example.org")         # [Span(start=9, end=25, ...)]
    rules.redact("call 06 12 34 56 78")             # 'call [PHONE]'
    rules.deadline(purpose="customer_management", events={...})
    comply.date_add("2024-01-31", "P1M")            # datetime.date(2024, 2, 29)
    comply.rights_deadline("2026-01-31")            # datetime.date(2026, 3, 2)

Every behaviour lives in the C library; this package converts types and
errors.  Failures of the library raise comply.Error (code, message, line,
column, source, path); arguments of the wrong type raise TypeError.
Rules.scan, Rules.redact and Rules.classify_column release the GIL, so
threads sharing one Rules object run in parallel.
"""

from ._comply import Error, Report, Rules, Span, date_add, holiday_fr, rights_deadline, version
from ._comply import duration_parse as _duration_parse

__all__ = ["Duration", "Error", "Report", "Rules", "Span", "date_add", "holiday_fr", "rights_deadline", "version"]
__version__ = version()


class Duration:
    """An ISO 8601 duration such as P1Y6M (doc/calendar.md).

    Build one with Duration.parse(text); str() gives the canonical form.
    Attributes: years, months, weeks, days, hours, minutes, seconds.
    """

    __slots__ = ("years", "months", "weeks", "days", "hours", "minutes", "seconds", "canonical")

    def __init__(self, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0):
        parts = (years, months, weeks, days, hours, minutes, seconds)
        for value in parts:
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError("duration parts must be int, not %s" % type(value).__name__)
        text = "P%dY%dM%dW%dDT%dH%dM%dS" % parts
        (self.years, self.months, self.weeks, self.days, self.hours, self.minutes,
         self.seconds), self.canonical = _duration_parse(text)

    @classmethod
    def parse(cls, text):
        """Parses an ISO 8601 duration ("P3Y", "P1Y6M", "PT12H"); comply.Error EPARSE if malformed."""
        parts, canonical = _duration_parse(text)
        self = cls.__new__(cls)
        (self.years, self.months, self.weeks, self.days, self.hours, self.minutes,
         self.seconds) = parts
        self.canonical = canonical
        return self

    def __str__(self):
        return self.canonical

    def __repr__(self):
        return "Duration.parse(%r)" % self.canonical

    def __eq__(self, other):
        if not isinstance(other, Duration):
            return NotImplemented
        return self.canonical == other.canonical

    def __hash__(self):
        return hash(self.canonical)
