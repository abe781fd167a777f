"""The county reviewer's part: decisions on findings, the checks evaluators make, 整改清单 and 通报.

    from loaders.review import store, decisions, evaluate, documents
    db = store.DecisionStore(store.database_for(folder))          # <folder>/.nianbao/reviews.sqlite
    frames = evaluate.with_review_checks(frames, roster, deadline="01-31")
    table = decisions.with_decisions(frames.checks, frames.reports, db.all())

The modules are imported one by one (this file imports none of them): the parser's across-report check
uses `copied`, which must not pull in sqlite or python-docx.
"""
