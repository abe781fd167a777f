"""Reading the prose of a report: who reports, for which year, and the numbers stated in sentences."""
from .bodies import Body, find_body, split_name
from .identity import find_title, find_year, without_page_links, years_in_text
from .proactive import proactive_total
from .prose import Paragraph, Stated, fee_statements, paragraphs, says_no_applications, section2_sentences

__all__ = ["Body", "Paragraph", "Stated", "fee_statements", "find_body", "find_title", "find_year", "paragraphs",
           "proactive_total", "says_no_applications", "section2_sentences", "split_name", "without_page_links",
           "years_in_text"]
