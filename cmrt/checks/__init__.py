"""The CMRT checker: pure rules over a ``cmrt.declaration.Declaration``.

``run_checks(declaration, context)`` runs every registered rule and returns its
``Finding``s sorted by place: Declaration, Smelter List, Product List, then row (or cell),
then code. A rule is one function ``(declaration, context) -> Iterable[Finding]`` decorated
with ``@rule`` (``cmrt.checks.registry``); the modules below are imported in one fixed
order, which is the order ``RULES`` runs in. Adding a rule = one function + one test.

Severities: ``error`` blocks acceptance (what the template's own Checker requires, answers
outside the allowed choices, incomplete smelter rows); ``warning`` needs a reviewer (high
risk, "Unknown", contradictions, unknown or odd smelter IDs, outdated template); ``info``
is a note.

=======================================  ========  ===============================================
code                                     severity  meaning
=======================================  ========  ===============================================
company.name.missing                     error     company name (D8) empty
company.scope.missing                    error     declaration scope (D9) empty
company.scope.invalid                    error     scope is none of the release's choices
company.scope_description.missing        error     user-defined / division / product-category
                                                   scope without a description of scope (D10)
company.contact_name.missing             error     contact name empty (3.x/6.x)
company.contact_email.missing            error     contact email empty (3.x/6.x)
company.contact_email.invalid            error     contact email has no "@"
company.contact_phone.missing            error     contact phone empty (3.x/6.x)
company.authorizer.missing               error     authorizer empty
company.authorizer_email.missing         error     authorizer email empty
company.authorizer_email.invalid         error     authorizer email has no "@"
company.authorizer_phone.missing         error     authorizer phone empty (3.01's Checker only)
date.missing                             error     effective date empty
date.invalid                             error     effective date present but not a date
date.future                              error     effective date after ``context.today``
date.implausible                         warning   on/before 31-Dec-2006, or outside reporting
                                                   year - 1 Jan .. reporting year + 1 30 Jun
template.outdated                        warning   release older than ``context.minimum_version``
answer.missing                           error     required answer empty (Q1 always, Q2 unless
                                                   Q1 No, others for metals in scope, company
                                                   questions when any metal is in scope)
answer.not_allowed                       error     answer is none of the question's choices
answer.policy_url.missing                error     policy declared public, no URL in comment
answer.unknown                           warning   "Unknown" / "Uncertain or Unknown"
answer.identified_without_full_response  warning   all smelters identified but supplier
                                                   response below 100%
risk.covered_countries                   warning   covered countries (2.x: DRC or adjoining
                                                   country) answered Yes: high risk
risk.cahra                               warning   conflict-affected and high-risk areas Yes
risk.low_response                        warning   half of the suppliers or fewer responded
smelter.metal.missing                    error     smelter row without a metal
smelter.metal.invalid                    error     smelter row metal not one of the four
smelter.lookup.missing                   error     row with a metal but no smelter at all
smelter.not_listed_incomplete            error     "Smelter not listed" without name/country
smelter.not_identified                   warning   "Smelter not yet identified"
smelter.unresolved                       warning   smelter name matches nothing, no ID given
smelter.recycled_contradiction           warning   metal declared 100% recycled, row not Yes
smelters.missing_for_metal               error     metal in scope without any smelter row
smelters.metal_not_in_scope              warning   rows for a metal answered No (not in scope)
smelter.cid_normalised                   info      ID in lower case or with spaces, read as CID
smelter.cid_malformed                    warning   ID not "CID" + six digits (3.x and later)
smelter.cid_unknown                      warning   CID not in the reference list
smelter.cid_metal_mismatch               warning   CID belongs to another metal than the row's
smelter.duplicate                        warning   same metal and CID (or name, without ID)
products.missing                         error     scope Product but the Product List is empty
products.unused                          info      products listed under a company-wide scope
product.number.missing                   warning   product row without a product number
product.duplicate                        warning   product number listed twice
sheet.rows_not_read                      error     a sheet longer than the reader's row limit
                                                   (20,000): the rows past it were not read
=======================================  ========  ===============================================
"""

from __future__ import annotations

from cmrt.checks.context import CheckContext
from cmrt.checks.registry import RULES, Rule, finding_order, rule, run_checks

# isort: off
# Import order is rule order: company block, answers, smelter rows, smelter IDs, products,
# whole sheets.
from cmrt.checks import company, answers, smelters, smelter_ids, products, sheets  # noqa: F401

# isort: on

__all__ = ["RULES", "CheckContext", "Rule", "finding_order", "rule", "run_checks"]
