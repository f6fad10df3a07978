"""Reading a plan (pure): bytes to text (``reader``, ``text``), the heading outline
(``headings``), unit annotations (``annotations``), quantitative targets (``targets``, with the
word lists in ``lexicon``), unit names resolved through alias tables (``aliases``, data in
``plan/aliases/*.yaml``), and the parser that puts them together (``parser``)."""
