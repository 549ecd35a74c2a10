"""Build the Word templates in letters/ with python-docx, so they can be rebuilt and reviewed as code.

Usage: .venv/bin/python scripts/make_letter_templates.py

Each template holds docxtpl (Jinja) tags, each written as one run so Word never splits a
tag. The context is a plain dict of primitives (``claims.valuation.report.report_context``);
loops over table rows use ``{%tr %}`` and over paragraphs ``{%p %}``. The zip is written
with fixed timestamps, so the same script gives the same bytes.
"""
from __future__ import annotations

import sys
import zipfile
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

LETTERS = Path(__file__).resolve().parents[1] / "letters"
FIXED_TIME = datetime(2026, 11, 22, tzinfo=timezone.utc)
ZIP_TIME = (2026, 11, 22, 0, 0, 0)
# A pre-action letter is not served under CPR Part 6: its receipt date is only worked out by analogy.
BY_ANALOGY = "worked out by analogy with the deemed service rules in CPR 6.26"


def valuation_report() -> Document:
    """letters/valuation-report.docx: the partner-facing valuation report for one claim."""
    doc = _new_document("Valuation report")
    doc.add_paragraph("Valuation report", style="Title")
    doc.add_paragraph("{{ claim.reference }}: {{ claim.claimant_name }} v {{ claim.defendant_name }}", style="Subtitle")
    _warning(doc, "Not legal advice. {{ disclaimer }}")

    doc.add_heading("The range", level=1)
    _key_values(doc, [
        ("{%tr if review.adjusted %}", None),
        ("Agreed range (adjusted by a partner)", "{{ review.agreed.low }} to {{ review.agreed.high }}, "
                                                 "mid {{ review.agreed.mid }}"),
        ("{%tr endif %}", None),
        ("{% if review.adjusted %}Estimated range{% else %}Range{% endif %} (total damages)",
         "{{ valuation.low }} to {{ valuation.high }}, mid {{ valuation.mid }}"),
        ("General damages", "{{ valuation.general.low }} to {{ valuation.general.high }}, mid {{ valuation.general.mid }}"),
        ("Special damages", "{{ valuation.special.total }} claimed: {{ valuation.special.evidenced }} evidenced, "
                            "{{ valuation.special.claimed_only }} not yet evidenced (the low figure adds evidenced "
                            "losses only)"),
        ("Distress score", "{{ valuation.score }} out of 100"),
        ("Confidence", "{{ valuation.confidence_explanation or valuation.confidence }}"),
        ("Claim", "{{ claim.breach_type }} on {{ claim.breach_on }}; status: {{ claim.status }}"),
        ("Valued", "{{ valuation.valued_at }} by {{ valuation.valued_by }}, as at {{ valuation.as_of }} "
                   "(valuation {{ valuation.snapshot_id }})"),
    ])

    doc.add_heading("Partner's review", level=1)
    doc.add_paragraph("{{ review.status_label }}{% if review.decided %}: {{ review.by }}, {{ review.at }}{% endif %}.")
    doc.add_paragraph("{%p if review.adjusted %}")
    doc.add_paragraph("Agreed range: {{ review.agreed.low }} to {{ review.agreed.high }}, mid {{ review.agreed.mid }} "
                      "(the estimate above is kept beside it).")
    doc.add_paragraph("Reason: {{ review.reason }}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Where the claim sits among its comparables", level=1)
    doc.add_paragraph("{{ chart_image }}")
    doc.add_paragraph("The bar is this claim's general damages estimate (low to high, the line marks the mid), "
                      "before special damages and any partner adjustment. Each dot is a comparable's award in "
                      "today's money, numbered as in the table below; a bigger dot is a closer match. The scale "
                      "of pounds is logarithmic.", style="Caption")

    doc.add_heading("Comparables", level=1)
    _loop_table(doc, "c", "comparables",
                [("#", 0.8), ("Case", 5.0), ("Award", 3.8), ("Similarity", 2.2), ("Why it compares", 5.2)],
                [["{{ c.number }}"],
                 ["{{ c.case_name }}", "{{ c.citation }}{% if c.year %} ({{ c.year }}){% endif %}",
                  "{{ c.origin }}, {{ c.verified|lower }} (source below)"],
                 ["{{ c.award }} in today's money", "As recorded: {{ c.as_recorded }}", "{{ c.adjustment }}"],
                 ["{{ c.similarity_percent }}", "{{ c.weight_percent }} of weight"],
                 ["{{ c.why or 'No shared features recorded' }}",
                  "{% if c.differences %}Differs: {{ c.differences }}{% endif %}"]])
    doc.add_paragraph("{%p if not comparables %}")
    doc.add_paragraph("No precedent was similar enough to list; the range comes from the distress score's band.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if comparables %}")
    doc.add_heading("Sources of the comparables", level=2)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for c in comparables %}")
    _small(doc.add_paragraph(), "{{ c.number }}. {{ c.case_name }}: {{ c.source }}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Distress score: {{ valuation.score }} out of 100", level=1)
    _loop_table(doc, "f", "factors", [("Factor", 5.0), ("Points", 2.5), ("Why", 9.5)],
                [["{{ f.label }}"], ["{{ f.contribution }} of {{ f.maximum }}"], ["{{ f.reason }}"]])

    doc.add_heading("Risk flags", level=1)
    doc.add_paragraph("{%p for f in flags %}")
    doc.add_paragraph("{{ f.name|capitalize }} ({{ f.severity }}): {{ f.message }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not flags %}")
    doc.add_paragraph("No risk flags.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Context cases (not used for the value)", level=1)
    doc.add_paragraph("{%p for c in context_cases %}")
    doc.add_paragraph("{{ c.case_name }}{% if c.citation %}, {{ c.citation }}{% endif %}: {{ c.outcome }}; "
                      "not used for the value ({{ c.why_not_valued }}); {{ c.shown_because }}. "
                      "Source: {{ c.source }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not context_cases %}")
    doc.add_paragraph("None.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Method and data", level=1)
    for text in (
        "The distress score's band puts the mid at {{ method.prior_mid }} (each 10 points multiplies the value by "
        "{{ method.value_per_10_points }}). {% if method.comparables_mid %}The comparables' weighted mid is "
        "{{ method.comparables_mid }}; they carry {{ method.comparables_share }} of the estimate.{% endif %}"
        "{% if method.raised %} The range was raised to stay above precedents with less serious facts.{% endif %}",
        "Older awards are brought to today's money with CPI to {{ method.cpi_year }} ({{ method.cpi_source }}) "
        "and the Simmons v Castle 10% uplift ({{ method.simmons_source }}).",
        "Precedents: {{ method.precedents_valued }} used for value ({{ method.precedents_firm }} from the firm's "
        "own settlements), {{ method.precedents_context }} kept as context.",
        "Model version {{ valuation.model_version }}; {{ valuation.precedent_version }}; "
        "{{ valuation.inflation_version }}.",
    ):
        doc.add_paragraph(text)
    _warning(doc, "{{ disclaimer }}")
    _footer(doc, "{{ claim.reference }}, valuation {{ valuation.snapshot_id }}. An estimate for review, not legal advice.")
    return doc


# -- letters to defendants and clients -------------------------------------------------------------
#
# Every letter has the firm's letterhead, the recipient's address, our reference and the date,
# and a footer naming the firm, its SRA number and our reference. Template authors: write a
# value with {{ }} (never |join, |safe or |lower: join returns markup that skips the escaping in
# claims.word, and a filter changes what the client typed); loops over the address lines and
# lists are {%p for %} paragraphs.

# The claimant as the court would name them: "Sam Example, a child, by their litigation friend Alex Example".
CLAIMANT = ("{{ claimant.name }}{% if claimant.is_child %}, a child{% if litigation_friend %}, by their "
            "litigation friend {{ litigation_friend.name }}{% endif %}{% endif %}")
# "Sam's" in a letter to a child's litigation friend, "your" in a letter to an adult claimant.
WHOSE = "{% if litigation_friend %}{{ claimant.first_name }}’s{% else %}your{% endif %}"
SRA = "Authorised and regulated by the Solicitors Regulation Authority, SRA number {{ firm.sra_number }}"
# ", born on 1 May 2012, of 2 Sample Road, Leeds, LS1 1AA", leaving out what is not known.
BORN_AND_LIVES = ("{% if claimant.date_of_birth %}, born on {{ claimant.date_of_birth }}{% endif %}"
                  "{% if claimant.address_lines %}, of {% for line in claimant.address_lines %}{{ line }}"
                  "{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}")
CHILD_BY_FRIEND = ("{% if claimant.is_child %} Our client is a child{% if litigation_friend %} and brings this "
                   "claim by their litigation friend, {{ litigation_friend.name }}{% endif %}.{% endif %}")
# Misuse of private information and breach of confidence are explained only when pleaded (they fail
# against a hacked controller); the labels are claims.domain.vocab.CAUSES_OF_ACTION's.
MISUSE = "'Misuse of private information' in claim.causes_of_action"
CONFIDENCE = "'Breach of confidence' in claim.causes_of_action"


def letter_of_claim() -> Document:
    """letters/letter-of-claim.docx: to the defendant, under the Pre-Action Protocol for Media and
    Communications Claims. It states no valuation and no limitation date."""
    doc = _letter_document("Letter of claim")
    _to_defendant(doc)
    _marking(doc, "Letter of claim under the Pre-Action Protocol for Media and Communications Claims")
    _para(doc, "Dear Sir or Madam")
    _para(doc, "Our client: " + CLAIMANT, bold=True)

    _para(doc, "We act for {{ claimant.name }} (“our client”)" + BORN_AND_LIVES + "." + CHILD_BY_FRIEND + " "
               "This is a letter of claim under the Pre-Action Protocol for Media and Communications Claims "
               "(“the Protocol”) and the Practice Direction on Pre-Action Conduct and Protocols. It concerns the "
               "disclosure of our client’s personal data by {{ defendant.name_in_sentence }} (“you”).")
    _para(doc, "Please pass this letter to your insurers and legal advisers straight away. It contains our "
               "client’s personal data, including sensitive information: please share it only with those who "
               "need to see it to respond.")

    doc.add_heading("What happened", level=2)
    _key_values(doc, [
        ("Type of incident", "{{ claim.breach_type }}"),
        ("Date of the incident", "{{ claim.breach_on }}"),
        ("{%tr if claim.discovered_on %}", None),
        ("Date our client found out", "{{ claim.discovered_on }}"),
        ("{%tr endif %}", None),
        ("{%tr if claim.complained_to_ico %}", None),
        ("Information Commissioner", "Our client has reported the incident to the Information Commissioner’s "
                                     "Office."),
        ("{%tr endif %}", None),
    ])
    # The facts are the summary a solicitor confirmed on the claim page, never the form's raw answers.
    _tag(doc, "{%p for paragraph in claim.facts %}")
    _para(doc, "{{ paragraph }}", space_before=True)
    _tag(doc, "{%p endfor %}")
    _para(doc, "The personal data concerned included:", space_before=True)
    _bullets(doc, "item", "claim.data_categories", "{{ item }}")
    _tag(doc, "{%p if claim.special_categories %}")
    _para(doc, "It also included special category data, which the UK GDPR protects more strictly (Article 9):")
    _bullets(doc, "item", "claim.special_categories", "{{ item }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if claim.children_statement %}")
    _para(doc, "{{ claim.children_statement }}")
    _tag(doc, "{%p endif %}")

    doc.add_heading("Why the disclosure was unlawful", level=2)
    _para(doc, "You were the controller of our client’s personal data. Our client’s claim is brought for:")
    _bullets(doc, "cause", "claim.causes_of_action", "{{ cause }}")
    _para(doc, "As controller you were required to process our client’s personal data in a manner that ensured "
               "appropriate security, including protection against unauthorised or unlawful processing and "
               "against accidental loss, using appropriate technical or organisational measures (UK GDPR "
               "Article 5(1)(f)); to implement appropriate measures to ensure, and to be able to demonstrate, "
               "that your processing complied with the UK GDPR (Article 24); and to ensure a level of security "
               "appropriate to the risk (Article 32). The incident shows that you did not. Under Article 82 of "
               "the UK GDPR and sections 168 and 169 of the Data Protection Act 2018, our client is entitled to "
               "compensation from you for the material and non-material damage caused, including distress.",
          lead="Data protection. ")
    _tag(doc, "{%p if " + MISUSE + " %}")
    _para(doc, "The information was private. Our client had a reasonable expectation that it would be kept "
               "private, and there was no consent to, or justification for, its disclosure.",
          lead="Misuse of private information. ")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if " + CONFIDENCE + " %}")
    _para(doc, "The information had the necessary quality of confidence and was given to you in circumstances "
               "importing an obligation of confidence. Disclosing it without authority was a breach of that "
               "obligation, to our client’s detriment.", lead="Breach of confidence. ")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if defendant.public_authority %}")
    _para(doc, "You are a public authority. The disclosure interfered with our client’s right to respect for "
               "their private and family life under Article 8 of the European Convention on Human Rights. The "
               "interference was not in accordance with the law, nor necessary or proportionate, so you acted "
               "unlawfully under section 6 of the Human Rights Act 1998, and our client seeks damages under "
               "section 8 of that Act.", lead="Human Rights Act 1998. ")
    _tag(doc, "{%p endif %}")
    _para(doc, "Our client reserves the right to add to or change these causes of action once you have provided "
               "the documents requested below.")

    doc.add_heading("The harm our client has suffered", level=2)
    _para(doc, "The distress and other effects the incident has caused our client are set out above.")
    _tag(doc, "{%p if claim.losses %}")
    _para(doc, "Our client has also suffered these financial losses, which they claim:", space_before=True)
    table = _loop_table(doc, "loss", "claim.losses",
                        [("Loss", 4.0), ("Details", 7.0), ("Amount", 3.0), ("Evidence", 3.0)],
                        [["{{ loss.head }}"], ["{{ loss.description }}"], ["{{ loss.amount }}"],
                         ["{% if loss.evidenced %}Held{% else %}To follow{% endif %}"]])
    _total_row(table, "Total", "{{ claim.losses_total }}", amount_column=2)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if not claim.losses %}")
    _para(doc, "Our client does not at present claim any financial loss, but reserves the right to do so if "
               "losses come to light.", space_before=True)
    _tag(doc, "{%p endif %}")
    _para(doc, "Our client reserves the right to obtain and rely on medical evidence.")

    doc.add_heading("What our client asks for, and why", level=2)
    _para(doc, "Our client seeks:")
    _para(doc, "damages for the distress and other non-material damage the incident has caused, with interest;",
          style="List Bullet")
    _tag(doc, "{%p if claim.losses %}")
    _para(doc, "damages for the financial losses set out above, with interest;", style="List Bullet")
    _tag(doc, "{%p endif %}")
    _para(doc, "written confirmation, with evidence, that the data has been retrieved from the person who "
               "received it, that all copies held by them have been deleted or destroyed, and when that was "
               "done;", style="List Bullet")
    _para(doc, "written undertakings that you will not further disclose or otherwise unlawfully process our "
               "client’s personal data, with details of the measures you have taken to prevent a repetition; "
               "and", style="List Bullet")
    _para(doc, "our client’s reasonable legal costs.", style="List Bullet")
    _para(doc, "Damages are claimed for each of the causes of action set out above, for the reasons given there. "
               "The confirmation and "
               "undertakings are sought because, without them, our client would ask the court for an order "
               "under section 167 of the Data Protection Act 2018 requiring you to secure compliance"
               "{% if " + MISUSE + " or " + CONFIDENCE + " %}, and for an injunction to prevent further misuse "
               "of the information{% endif %}.")

    doc.add_heading("Forum", level=2)
    _para(doc, "{{ claim.forum }}")

    doc.add_heading("Funding", level=2)
    _para(doc, "Our client has entered into a conditional fee agreement with this firm.{% if fees.ate_taken_out %} "
               "Our client has also taken out an after-the-event insurance policy{% if fees.ate_recoverable %}, "
               "and will seek to recover the premium from you if the claim succeeds{% endif %}.{% endif %}")

    doc.add_heading("Documents", level=2)
    _para(doc, "Please provide copies of the following documents with your response. They are relevant to the "
               "issues and would be disclosed in any proceedings:")
    for item in (
        "your breach log entry and incident report for this incident;",
        "the report and findings of any internal investigation, and the notes and statements gathered for it;",
        "all correspondence with the person who received the data, including any request to return or delete "
        "it and their reply;",
        "your report to the Information Commissioner’s Office, if you made one, and all correspondence with the "
        "Information Commissioner’s Office about the incident;",
        "the policies and procedures that applied to the handling of this data at the time, and the training "
        "records of the staff involved; and",
        "a copy of the data that was disclosed, exactly as it was sent.",
    ):
        _para(doc, item, style="List Bullet")
    _para(doc, "Please also make sure that all documents relating to the incident and how you handled it, "
               "including emails, electronic records and their metadata, are preserved.")

    doc.add_heading("Your response", level=2)
    _para(doc, "We are sending this letter by {{ sending.method }} on {{ sending.sent_on }}. We take "
               "{{ sending.received_on }} as the date you receive it, a date " + BY_ANALOGY + ".")
    _para(doc, "Please acknowledge this letter and send a full response within {{ response.days }} days of "
               "receiving it, by {{ response.due_on }}. Your response should say whether you accept the claim in whole or in "
               "part; if you do not accept any part of it, why not; what further information you need from us; "
               "and what remedies you offer. If a full response is not possible by {{ response.due_on }}, "
               "please tell us by then when you will respond, and why you need more time.")

    doc.add_heading("Resolving the claim without court proceedings", level=2)
    _para(doc, "Our client would prefer to resolve this claim without court proceedings, by negotiation or by "
               "mediation. Please say in your response whether you agree to either and, if not, why not. The "
               "court can order parties to take part in alternative dispute resolution, and may take an "
               "unreasonable refusal into account when deciding who pays the costs.")

    doc.add_heading("Proceedings and limitation", level=2)
    _para(doc, "If we do not receive a response by {{ response.due_on }}, our client reserves the right to issue "
               "proceedings without further notice to you. Our client’s claims are subject to limitation "
               "periods: if it becomes necessary to protect our client’s position, we are instructed to issue "
               "proceedings without further notice, even before this pre-action process is complete. We would "
               "then ask you to agree to a stay of those proceedings while it continues.")
    _para(doc, "Please send all correspondence about this claim to us, quoting our reference "
               "{{ claim.reference }}, and do not contact our client{% if litigation_friend %} or their "
               "litigation friend{% endif %} directly. We accept correspondence by email at {{ firm.email }}.")
    _sign_off(doc, "Yours faithfully")
    _letter_footer(doc)
    return doc


def subject_access_request() -> Document:
    """letters/subject-access-request.docx: to the defendant's data protection officer, under UK GDPR Art. 15."""
    doc = _letter_document("Subject access request")
    _to_defendant(doc)
    _marking(doc, "Subject access request under Article 15 of the UK GDPR")
    _para(doc, "Dear Sir or Madam")
    _para(doc, "Data subject: {{ claimant.name }}{% if claimant.is_child %} (a child){% endif %}", bold=True)
    _para(doc, "We act for " + CLAIMANT + " (“our client”). On our client’s behalf we make a request under "
               "Article 15 of the UK General Data Protection Regulation (UK GDPR) and the Data Protection Act "
               "2018 for access to the personal data you hold about our client. Our client has signed an "
               "agreement instructing us to act for them, including to make this request and to receive your "
               "response{% if litigation_friend %} (signed on our client’s behalf by their litigation friend)"
               "{% endif %}. We will provide a copy of our client’s signed authority on request.")
    _para(doc, "To help you find the data:")
    _key_values(doc, [
        ("Full name", "{{ claimant.name }}"),
        ("{%tr if claimant.date_of_birth %}", None),
        ("Date of birth", "{{ claimant.date_of_birth }}"),
        ("{%tr endif %}", None),
        ("Address", "{% for line in claimant.address_lines %}{{ line }}{% if not loop.last %}, {% endif %}"
                    "{% endfor %}"),
        ("{%tr if litigation_friend %}", None),
        ("Litigation friend", "{{ litigation_friend.name }} ({{ litigation_friend.relationship }})"),
        ("{%tr endif %}", None),
        ("Incident", "{{ claim.breach_type }}, on {{ claim.breach_on }}"),
    ])

    doc.add_heading("What we ask for", level=2)
    _para(doc, "Please provide:")
    _para(doc, "a copy of all the personal data you hold about our client, in any form and wherever it is held "
               "(Article 15(1) and (3)), including paper files, case records, emails, messages, notes, call "
               "recordings and database entries; and", style="List Bullet")
    _para(doc, "the information Article 15(1) and (2) entitles our client to:", style="List Bullet")
    for item in (
        "the purposes for which you process the data;",
        "the categories of personal data concerned;",
        "the recipients, or categories of recipient, to whom the data has been or will be disclosed, including "
        "any in third countries or international organisations, and the safeguards for any such transfer;",
        "how long you will keep the data or, if that is not possible, the criteria used to decide;",
        "our client’s rights to ask you to rectify or erase the data, to restrict its processing and to object "
        "to its processing;",
        "our client’s right to complain to the Information Commissioner’s Office;",
        "where the data was not collected from our client, any available information about its source; and",
        "whether you use automated decision-making, including profiling, about our client and, if so, "
        "meaningful information about the logic involved and its significance and likely consequences.",
    ):
        _para(doc, item, style="List Number")
    _para(doc, "This request specifically includes our client’s personal data in your records of the incident on "
               "{{ claim.breach_on }}: your breach log and incident report, any internal investigation, "
               "emails and messages about the incident, correspondence with the person who received the data, "
               "and any report to or correspondence with the Information Commissioner’s Office. Please also "
               "identify every person or organisation to whom our client’s data was disclosed in that incident.",
          space_before=True)

    doc.add_heading("Time limit", level=2)
    _para(doc, "We are sending this request by {{ sending.method }} on {{ sending.sent_on }}. We take "
               "{{ sending.received_on }} as the date you receive it, a date " + BY_ANALOGY + ".")
    _para(doc, "You must respond without undue delay and at the latest within one month of receiving this "
               "request, that is by {{ sar.due_on }}. You may extend that period by up to two further months "
               "only where necessary because the request is complex or numerous; if you do, you must tell us "
               "within the first month, by {{ sar.due_on }}, and give your reasons for the delay.")
    _para(doc, "No fee is payable. If you need anything more to confirm our client’s identity or our authority, "
               "please tell us straight away so that your response is not delayed.")

    doc.add_heading("How to respond", level=2)
    _para(doc, "Please send the data and information to us, not to our client, in a commonly used electronic "
               "form by email to {{ firm.email }}, quoting our reference {{ claim.reference }}. If you withhold "
               "or redact anything, please tell us which exemption you rely on and why.")
    _sign_off(doc, "Yours faithfully")
    _letter_footer(doc)
    return doc


def client_care_and_cfa() -> Document:
    """letters/client-care-and-cfa.docx: the client care letter, then the conditional fee agreement."""
    doc = _letter_document("Client care letter and conditional fee agreement")
    _to_client(doc)
    _marking(doc, "Your claim against {{ defendant.name_in_sentence }}: our client care letter and no win, no fee agreement")
    _para(doc, "{{ client.salutation }},")
    _para(doc, "Thank you for asking us to act{% if litigation_friend %} on {{ claimant.first_name }}’s claim"
               "{% else %} for you{% endif %}. This letter explains who is acting, what we will do and "
               "how we are paid. After it comes our conditional fee agreement (our “no win, no fee” agreement). "
               "Please read both carefully before you sign, and ask us about anything that is not clear.")
    _tag(doc, "{%p if litigation_friend %}")
    _para(doc, "Because {{ claimant.name }} is a child, the claim is brought in {{ claimant.first_name }}’s name "
               "by you, {{ client.name }}, as their litigation friend. You give us instructions and sign the "
               "agreement on {{ claimant.first_name }}’s behalf. Any damages belong to "
               "{{ claimant.first_name }}. A court must approve any settlement before it is binding, and will "
               "decide how the money is looked after until {{ claimant.first_name }} turns 18. The court must "
               "also approve anything we take from {{ claimant.first_name }}’s damages: we will not take more "
               "than it allows.")
    _tag(doc, "{%p endif %}")

    doc.add_heading("Who is acting", level=2)
    _para(doc, "Your claim will be handled by a solicitor in our data breach team, supervised by a partner. You "
               "can reach the team on {{ firm.phone }} or at {{ firm.email }}. Please quote your reference, "
               "{{ claim.reference }}.")

    doc.add_heading("What we will do", level=2)
    _para(doc, "We will act for {% if litigation_friend %}{{ claimant.name }}, through you as litigation friend,"
               "{% else %}you{% endif %} in a claim for compensation against {{ defendant.name_in_sentence }} for "
               "the data breach on {{ claim.breach_on }}. We will:")
    for item in (
        "ask {{ defendant.name_in_sentence }} for a copy of the personal data it holds (a subject access request);",
        "send a formal letter of claim and deal with the reply;",
        "advise on the value of the claim and negotiate a settlement;",
        "tell you about every offer and advise you whether to accept it; and",
        "if the claim does not settle, advise you whether to start court proceedings, and if you agree, "
        "bring them.",
    ):
        _para(doc, item, style="List Bullet")
    _para(doc, "We will keep you informed, tell you promptly about anything important and reply to your "
               "questions. We ask you to give us honest and complete information, tell us if anything changes "
               "(including your address), keep any evidence safe, and tell us before you accept any offer made "
               "to you directly.")

    doc.add_heading("No win, no fee: the summary", level=2)
    # The costs sentences are claims.domain.tracks' words for the claim's likely track: the signing
    # page's key facts show the same ones.
    _para(doc, "{{ fees.costs.track }}", style="List Bullet")
    _para(doc, "{{ fees.costs.if_you_win }} We estimate our base costs (our normal charges for the work) at "
               "{{ fees.base_costs }}.", style="List Bullet", lead="If you win. ")
    _para(doc, "{{ fees.costs.if_you_lose }}", style="List Bullet", lead="If you lose. ")
    for item in (
        "Our success fee is {{ fees.success_fee_percent }}% of our base costs. It can never be more than 100% "
        "of our base costs. {{ fees.success_fee_basis }}",
        "VAT at {{ fees.vat_percent }}% is added to the success fee.",
        "The law does not allow us to recover the success fee from the defendant, so the success fee and the "
        "VAT on it come out of your damages.",
        "The total we take from your damages will never be more than {{ fees.cap_percent }}% of them, "
        "including VAT{% if fees.ate_taken_out %} and the insurance premium{% endif %}. You will always keep "
        "at least {{ 100 - fees.cap_percent }}%. We waive anything above the cap.",
    ):
        _para(doc, item, style="List Bullet")
    _tag(doc, "{%p if fees.ate_taken_out %}")
    _para(doc, "You have after-the-event insurance, which protects you against paying the defendant’s legal "
               "costs if the claim is lost. The premium is {{ fees.ate_premium }}. "
               "{% if fees.ate_recoverable %}In this claim the premium can be claimed from the defendant if you "
               "win, so it should not come out of your damages, unless the claim goes to the small claims track, "
               "where the other side pays almost none of the costs: then it may come out of your damages, within "
               "the cap above.{% else %}In this claim the premium cannot be "
               "claimed from the defendant, so if you win it comes out of your damages, within the cap above."
               "{% endif %}")
    _tag(doc, "{%p endif %}")
    _para(doc, "Before you sign, please check whether you already have legal expenses insurance (for example "
               "with your home or car insurance, or through a trade union) that could pay for the claim instead. "
               "If you do, please tell us.")

    # Never an empty table: with no approved valuation the rows are example awards, labelled so.
    _tag(doc, "{%p if fees.illustration %}")
    doc.add_heading("What you would keep", level=2)
    _tag(doc, "{%p if fees.illustrative %}")
    _para(doc, "We have not yet finished valuing the claim, so this table applies these terms to three example "
               "awards. They are examples only, not an estimate of what the claim is worth and not a promise: "
               "the award could be lower or higher, and if the claim is lost there will be no award.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if not fees.illustrative %}")
    _para(doc, "This table applies these terms to three possible awards at the low, middle and high points of "
               "our current estimate of the range of the claim’s value. The figures are illustrations of a "
               "range, not a promise: the award could be lower or higher, and if the claim is lost there will "
               "be no award.")
    _tag(doc, "{%p endif %}")
    # Each row is on its award's likely track and says which; fees.keep_basis (claims.domain.tracks)
    # says what the rows assume about who pays our costs. The signing page shows the same figures.
    _para(doc, "{{ fees.keep_basis }}")
    table = _loop_table(doc, "row", "fees.illustration", [
        ("Award", 2.9), ("Our base costs", 1.6), ("Success fee", 1.6), ("VAT", 1.5), ("Insurance premium", 1.6),
        ("Total before the cap", 1.7), ("Cap ({{ fees.cap_percent }}%)", 1.6), ("We take", 1.8), ("You keep", 2.1)],
        [["{{ row.label }}", "{{ row.award }}", "{{ row.track }}"],
         ["{% if row.costs_recovered %}None{% else %}{{ row.base_costs }}{% endif %}"], ["{{ row.success_fee }}"],
         ["{{ row.vat }}"],
         ["{% if fees.ate_taken_out %}{{ row.ate_premium }}{% else %}None{% endif %}"], ["{{ row.before_cap }}"],
         ["{{ row.cap }}"], ["{{ row.deducted }}", "{% if row.capped %}({{ row.waived }} waived){% endif %}"],
         ["{{ row.keeps }}", "({{ row.keeps_percent }})"]])
    _small_table(table)
    _warning(doc, "{{ disclaimer }}")
    _tag(doc, "{%p endif %}")

    doc.add_heading("Your right to cancel", level=2)
    _para(doc, "You can cancel this agreement within {{ fees.cancellation_days }} days of signing it, without "
               "giving a reason{% if signature.signed %}: the cancellation period ends on "
               "{{ signature.cancellation_ends_on }}{% endif %}. If you cancel within that time you pay "
               "nothing. To cancel, tell us clearly: by email to {{ firm.email }}, by phone on {{ firm.phone }} "
               "or by letter to our address above. You can use the cancellation form at the end of this "
               "document, but you do not have to.")

    doc.add_heading("If you are unhappy with our service", level=2)
    # The firm's contact stands on its own line, so it reads well however the firm wrote it.
    _para(doc, "Please tell us first, so that we can try to put things right, by contacting:")
    _para(doc, "{{ firm.complaints_contact }}", bold=True)
    _para(doc, "We will acknowledge your complaint promptly and send you our final response within eight weeks.")
    _para(doc, "If you are not satisfied with our final response, or we have not resolved your complaint within "
               "eight weeks, you can ask the Legal Ombudsman to look at it, free of charge. You must normally do "
               "so within six months of our final response, and within one year of the problem (or of when you "
               "should have known about it). Legal Ombudsman: PO Box 6167, Slough SL1 0EH; 0300 555 0333; "
               "enquiries@legalombudsman.org.uk; www.legalombudsman.org.uk.")
    _para(doc, "If you are concerned about our behaviour, for example dishonesty or discrimination, you can also "
               "report it to the Solicitors Regulation Authority: www.sra.org.uk.")

    doc.add_heading("Your personal data", level=2)
    _para(doc, "We use the personal data you give us{% if litigation_friend %}, and {{ claimant.first_name }}’s,"
               "{% endif %} to act on the claim, and share it only as the claim needs: with {{ defendant.name_in_sentence }} "
               "and its insurers and lawyers, with the court, and with experts and barristers we instruct. We "
               "keep it securely and only for as long as the law and our regulator require after the claim ends. "
               "You can ask us for a copy of it at any time.")

    _sign_off(doc, "Yours sincerely")

    doc.add_page_break()
    _para(doc, "Conditional fee agreement", style="Title")
    _para(doc, "This agreement is a binding legal contract between you and us. Before you sign it, please read "
               "it, and the client care letter before it, carefully.")
    _key_values(doc, [
        ("We, your solicitors", "{{ firm.name }}"),
        ("You, our client", "{% if litigation_friend %}{{ litigation_friend.name }}, as litigation friend for "
                            "{{ claimant.name }}{% else %}{{ claimant.name }}{% endif %}"),
        ("What is covered", "The claim for damages against {{ defendant.name_in_sentence }} arising from the data breach on "
                            "{{ claim.breach_on }}, including negotiations, court proceedings and any appeal by "
                            "the defendant"),
        ("What is not covered", "Any counterclaim against you; an appeal you make; enforcing a judgment; and any "
                                "other claim"),
        ("Our reference", "{{ claim.reference }}"),
    ])
    doc.add_heading("Paying us", level=2)
    for text, lead in (
        ("You win the claim if it is decided in your favour, whether by a court, by an agreement to pay you "
         "damages, or in any other way. You lose if the court dismisses the claim, or if it ends without "
         "damages on our advice.", "Winning and losing. "),
        ("{{ fees.costs.if_you_lose }}", "If you lose. "),
        ("You are liable for our base costs, our expenses and our success fee. You can claim base costs and "
         "expenses from the defendant. {{ fees.costs.if_you_win }} Our base costs are our charges for the work "
         "done, estimated at {{ fees.base_costs }}. However little the defendant pays, what we take from your "
         "damages is limited by the cap.", "If you win. "),
        ("Our success fee is {{ fees.success_fee_percent }}% of our base costs, plus VAT at "
         "{{ fees.vat_percent }}%. It reflects the risk that we are paid nothing if the claim is lost, and it "
         "can never be more than 100% of our base costs. {{ fees.success_fee_basis }} The success fee "
         "cannot be "
         "recovered from the defendant: it is paid from your damages.", "The success fee. "),
        ("The total we take from your damages, including VAT{% if fees.ate_taken_out %} and any insurance "
         "premium not paid by the defendant{% endif %}, will not be more than {{ fees.cap_percent }}% of the "
         "damages. We waive anything above that.", "The cap. "),
        ("When the damages are paid, they come to us. We deduct what this agreement allows, send you the rest "
         "promptly and give you a statement showing the figures{% if litigation_friend %}, unless the court "
         "directs otherwise{% endif %}.", "Paying you. "),
        ("You can end this agreement at any time. After the cancellation period, if you end it, or if we end "
         "it because you do not co-operate, mislead us or reject our advice about a settlement offer, we may "
         "charge you for the work done. We will explain the amount before we do.", "Ending the agreement. "),
    ):
        _para(doc, text, lead=lead)

    doc.add_heading("Signature", level=2)
    _tag(doc, "{%p if signature.signed %}")
    _para(doc, "Signed electronically by {{ signature.name }} on {{ signature.signed_at }}"
               "{% if litigation_friend %}, as litigation friend on behalf of {{ claimant.name }}{% endif %}.",
          bold=True)
    _key_values(doc, [
        ("IP address", "{{ signature.ip_address }}"),
        ("Browser", "{{ signature.user_agent }}"),
        ("SHA-256 of the document shown", "{{ signature.document_sha256 }}"),
        ("Cancellation period ends", "{{ signature.cancellation_ends_on }}"),
    ])
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if not signature.signed %}")
    _para(doc, "To be signed online through the secure link we have emailed you"
               "{% if litigation_friend %}. As litigation friend, {{ litigation_friend.name }} signs on behalf of "
               "{{ claimant.name }}{% endif %}.", bold=True)
    _tag(doc, "{%p endif %}")
    _para(doc, "For the firm: {{ firm.signatory }}", space_before=True)

    doc.add_heading("Cancellation form", level=2)
    _para(doc, "Complete and return this form only if you wish to cancel the agreement.")
    _para(doc, "To {{ firm.name }}, {% for line in firm.address_lines %}{{ line }}{% if not loop.last %}, "
               "{% endif %}{% endfor %}; {{ firm.email }}. I give notice that I cancel my contract for legal "
               "services (reference {{ claim.reference }}).")
    for line in ("Name:", "Address:", "Date:"):
        _para(doc, line)
    _letter_footer(doc)
    return doc


def decline() -> Document:
    """letters/decline.docx: we cannot act, with a warning about every limitation date."""
    doc = _letter_document("We cannot take on the claim")
    _to_client(doc)
    _marking(doc, "Your possible claim against {{ defendant.name_in_sentence }}")
    _para(doc, "{{ client.salutation }},")
    _para(doc, "Thank you for contacting us about " + WHOSE + " possible claim against {{ defendant.name_in_sentence }} "
               "arising from the incident on {{ claim.breach_on }}. We have looked carefully at the information "
               "you gave us. We are sorry to tell you that we are not able to take on the claim, and we are "
               "not acting for you{% if litigation_friend %} or for {{ claimant.first_name }}{% endif %}.")
    _para(doc, "Our reason is:")
    _quote(doc, "{{ decline.reason }}")
    _para(doc, "This is only our decision about whether this firm can take the claim on. It is not a view on "
               "the merits for other firms: another solicitor may see the claim differently, and you should not "
               "treat this letter as advice that there is no claim. We have not contacted {{ defendant.name_in_sentence }} "
               "and we have not started a claim.")

    _boxed(doc, "Important: time limits for starting a court claim")
    _tag(doc, "{%p if limitation.urgent %}")
    _boxed(doc, "{{ limitation.urgent }}", size=12)
    _tag(doc, "{%p endif %}")
    _boxed(doc, "A court claim must be started within strict time limits. If it is not, the claim is likely to "
                "be lost for good, however strong it is.")
    _tag(doc, "{%p if limitation.dates %}")
    _boxed(doc, "From the information you gave us, these time limits are still to come:")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for limit in limitation.dates %}")
    _boxed(doc, "{{ limit.cause }}: start court proceedings no later than {{ limit.expires_on }} "
                "({{ limit.time_left }}). {{ limit.basis }}", bullet=True)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if limitation.earliest %}")
    _boxed(doc, "The earliest of these is {{ limitation.earliest }}. Treat that as the deadline for starting a "
                "court claim{% if limitation.urgent %}: it is very close{% else %}, and get advice well before "
                "it{% endif %}.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if limitation.passed %}")
    _boxed(doc, "{% if limitation.dates or limitation.not_running %}Some time limits have already passed{% else %}"
                "Every time limit we worked out has already passed{% endif %}:")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for limit in limitation.passed %}")
    _boxed(doc, "{{ limit.explanation }}", bullet=True)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for limit in limitation.not_running %}")
    _boxed(doc, "{{ limit.cause }}: {{ limit.basis }}", bullet=True)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not limitation.dates and not limitation.passed and not limitation.not_running %}")
    _boxed(doc, "We have not been able to work out the time limits from the information you gave us. Some are "
                "as short as one year, for example for a claim against a public body under the Human Rights "
                "Act 1998.")
    _tag(doc, "{%p endif %}")
    _boxed(doc, "These dates depend on the facts you gave us, and could be earlier if the facts are different. "
                "If you want to pursue the claim, please get advice from another solicitor promptly.")

    doc.add_heading("Getting other advice", level=2)
    _para(doc, "You can find a solicitor through the Law Society’s Find a Solicitor service at "
               "solicitors.lawsociety.org.uk. You can also complain to the Information Commissioner’s Office "
               "(ico.org.uk, 0303 123 1113), although it cannot award compensation.")

    doc.add_heading("Your documents", level=2)
    _para(doc, "We will not keep the documents and information you sent us beyond our retention period; after "
               "that we securely delete them. If you would like them back, please contact us at {{ firm.email }} "
               "or on {{ firm.phone }}, quoting {{ claim.reference }}, and we will send them to you.")
    _para(doc, "You have nothing to pay us. We are sorry we cannot help further, and we wish you well.")
    _sign_off(doc, "Yours sincerely")
    _letter_footer(doc)
    return doc


def acknowledgement() -> Document:
    """letters/acknowledgement.docx: thank you, we have your claim, what happens next."""
    doc = _letter_document("We have received your claim")
    _to_client(doc)
    _marking(doc, "Your claim against {{ defendant.name_in_sentence }}: we have received it")
    _para(doc, "{{ client.salutation }},")
    _para(doc, "Thank you for sending us " + WHOSE + " claim against {{ defendant.name_in_sentence }}. We have received it "
               "and given it the reference {{ claim.reference }}. Please quote this reference whenever you "
               "contact us.")
    doc.add_heading("What happens next", level=2)
    for item in (
        "A solicitor will review your claim, usually within {{ firm.review_working_days }} working days of "
        "receiving it.",
        "We may contact you for more information or documents, for example a copy of the letter or email that "
        "went astray, any reply from {{ defendant.name_in_sentence }}, or more about how this has affected you.",
        "If we can take the claim on, we will send you our client care letter and no win, no fee agreement to "
        "read before you decide whether to go ahead. If we cannot, we will tell you why.",
    ):
        _para(doc, item, style="List Bullet")
    _para(doc, "You are under no obligation: sending us the claim does not commit you to anything, and there is "
               "nothing to pay at this stage.", bold=True)
    _para(doc, "We are not yet acting for you. Court claims must be started within time limits, some as short "
               "as one year, and sending us the claim does not stop time running.")
    doc.add_heading("In the meantime", level=2)
    for item in (
        "Keep any letters, emails or messages about what happened, and any receipts for costs it has caused.",
        "Make a note of how it has affected " + "{% if litigation_friend %}{{ claimant.first_name }}"
        "{% else %}you{% endif %}, and of any medical help sought.",
        "Please do not post about the claim on social media, and tell us before accepting any offer from "
        "{{ defendant.name_in_sentence }}.",
    ):
        _para(doc, item, style="List Bullet")
    doc.add_heading("How we look after your data", level=2)
    _para(doc, "We use the information you sent us only to assess the claim and, if we take it on, to run it. We "
               "keep it securely, only the people working on claims can see it, and we do not share it with "
               "{{ defendant.name_in_sentence }} or anyone else without your agreement unless the law requires it. We never "
               "sell it or use it for marketing. You can ask us for a copy of it at any time.")
    doc.add_heading("Contact us", level=2)
    _para(doc, "Telephone {{ firm.phone }}, email {{ firm.email }}, or write to us at "
               "{% for line in firm.address_lines %}{{ line }}{% if not loop.last %}, {% endif %}{% endfor %}. "
               "Please quote {{ claim.reference }}.")
    _sign_off(doc, "Yours sincerely")
    _letter_footer(doc)
    return doc


def completion_statement() -> Document:
    """letters/completion-statement.docx: to the client: the damages, each deduction under the CFA, what they keep."""
    doc = _letter_document("Completion statement")
    _to_client(doc)
    _marking(doc, "Your claim against {{ defendant.name_in_sentence }}: completion statement")
    _para(doc, "{{ client.salutation }},")
    _para(doc, "{% if litigation_friend %}{{ claimant.first_name }}’s{% else %}Your{% endif %} claim against {{ defendant.name_in_sentence }} settled on "
               "{{ settlement.agreed_on }}. This statement shows the damages paid, each deduction our no win, no fee "
               "agreement allows, and the sum we send you.")
    doc.add_heading("The settlement", level=2)
    _key_values(doc, [
        ("General damages (for distress and the other effects)", "{{ settlement.general }}"),
        ("Special damages (financial losses)", "{{ settlement.special }}"),
        ("Total damages", "{{ settlement.damages }}"),
        ("Costs paid by {{ defendant.name_in_sentence }} on top", "{{ settlement.costs }}"),
        ("Paid to us on", "{{ settlement.paid_on }}"),
    ])
    doc.add_heading("Deductions under your agreement", level=2)
    _para(doc, "Your agreement was signed on the terms below. {{ settlement.track }}.")
    _key_values(doc, [
        ("{%tr if settlement.base_costs_charged %}", None),
        ("Our base costs not paid by {{ defendant.name_in_sentence }}", "{{ settlement.base_costs }}"),
        ("{%tr endif %}", None),
        ("Success fee ({{ settlement.success_fee_percent }}% of our base costs of {{ settlement.base_costs_estimate }})",
         "{{ settlement.success_fee }}"),
        ("VAT at {{ settlement.vat_percent }}%", "{{ settlement.vat }}"),
        ("After-the-event insurance premium", "{{ settlement.ate_premium }}"),
        ("Total before the cap", "{{ settlement.before_cap }}"),
        ("Cap: {{ settlement.cap_percent }}% of the damages", "{{ settlement.cap }}"),
        ("{%tr if settlement.capped %}", None),
        ("We waive what is above the cap", "{{ settlement.waived }}"),
        ("{%tr endif %}", None),
        ("Total deducted", "{{ settlement.deducted }}"),
    ])
    _para(doc, "The sum we send you: {{ settlement.net }}", bold=True, space_before=True)
    _para(doc, "We will send it to the bank account you gave us. Please check the figures and tell us straight away "
               "if anything looks wrong: telephone {{ firm.phone }} or email {{ firm.email }}, quoting "
               "{{ claim.reference }}.")
    _sign_off(doc, "Yours sincerely")
    _letter_footer(doc)
    return doc


# -- letter layout ------------------------------------------------------------------------------------

def _letter_document(title: str) -> Document:
    """A letter: the report's page set-up, British English, quiet black headings and the letterhead."""
    doc = _new_document(title)
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).set(qn("w:val"), "en-GB")
    for name, size in (("Heading 2", 11), ("Title", 16)):
        style = doc.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        style.font.name, style.font.size, style.font.bold = "Arial", Pt(size), True
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(4)
    title_rule = doc.styles["Title"].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    title_rule.attrib.pop(qn("w:themeColor"), None)
    title_rule.set(qn("w:color"), "0B0C0C")
    _letterhead(doc)
    return doc


def _letterhead(doc: Document) -> None:
    name = doc.add_paragraph()
    run = name.add_run("{{ firm.name }}")
    run.bold, run.font.size = True, Pt(16)
    name.paragraph_format.space_after = Pt(2)
    _tight(doc, "{% for line in firm.address_lines %}{{ line }}{% if not loop.last %}, {% endif %}{% endfor %}")
    _tight(doc, "Telephone {{ firm.phone }}  ·  Email {{ firm.email }}")
    last = doc.add_paragraph()
    _small(last, SRA)
    _rule(last)  # before the spacing: Word wants w:pBdr before w:spacing
    last.paragraph_format.space_after = Pt(18)


def _to_defendant(doc: Document) -> None:
    _tight(doc, "{{ defendant.addressee }}")
    _tight(doc, "{{ defendant.name }}")
    _address(doc, "defendant.address_lines")
    _tight(doc, "By {{ sending.method }}{% if sending.by_email %} to {{ defendant.email }}{% endif %}")
    _references(doc)


def _to_client(doc: Document) -> None:
    _tight(doc, "Private and confidential")
    _tight(doc, "{{ client.name }}")
    _address(doc, "client.address_lines")
    _tag(doc, "{%p if client.email %}")
    _tight(doc, "By email to {{ client.email }}")
    _tag(doc, "{%p endif %}")
    _references(doc)


def _address(doc: Document, lines: str) -> None:
    _tag(doc, f"{{%p for line in {lines} %}}")
    _tight(doc, "{{ line }}")
    _tag(doc, "{%p endfor %}")


def _references(doc: Document) -> None:
    first = _tight(doc, "Our reference: {{ claim.reference }}")
    first.paragraph_format.space_before = Pt(12)
    _tight(doc, "Date: {{ today }}").paragraph_format.space_after = Pt(12)


def _marking(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.font.size = True, Pt(11)


def _sign_off(doc: Document, closing: str) -> None:
    ending = doc.add_paragraph(closing)
    ending.paragraph_format.space_before, ending.paragraph_format.keep_with_next = Pt(12), True
    signatory = doc.add_paragraph()
    signatory.add_run("{{ firm.signatory }}").bold = True
    signatory.paragraph_format.space_before = Pt(24)


def _letter_footer(doc: Document) -> None:
    """The footer: firm, SRA number, our reference and the page number."""
    _footer(doc, "{{ firm.name }}. " + SRA + ". Our reference {{ claim.reference }}. Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(properties)
    run.append(text)
    field.append(run)
    doc.sections[0].footer.paragraphs[0]._p.append(field)


def _para(doc: Document, text: str, *, style: str | None = None, bold: bool = False, lead: str | None = None,
          space_before: bool = False):
    """A paragraph of one run (so no tag is split), after an optional bold lead-in run."""
    paragraph = doc.add_paragraph(style=style)
    if lead:
        paragraph.add_run(lead).bold = True
    paragraph.add_run(text).bold = bold
    if space_before:
        paragraph.paragraph_format.space_before = Pt(8)
    return paragraph


def _tight(doc: Document, text: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(text)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _tag(doc: Document, tag: str) -> None:
    """A paragraph holding only a {%p %} tag (docxtpl removes the paragraph when it renders)."""
    doc.add_paragraph().add_run(tag)


def _bullets(doc: Document, item: str, items: str, text: str) -> None:
    _tag(doc, f"{{%p for {item} in {items} %}}")
    doc.add_paragraph(style="List Bullet").add_run(text)
    _tag(doc, "{%p endfor %}")


def _quote(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(text).italic = True
    paragraph.paragraph_format.left_indent = Cm(1.0)


def _boxed(doc: Document, text: str, *, bullet: bool = False, size: int | None = None) -> None:
    """A line of the boxed warning: shaded like ``_warning``, with a border Word joins into one box."""
    _warning(doc, ("•  " if bullet else "") + text)
    paragraph = doc.paragraphs[-1]
    if size:
        paragraph.runs[0].font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(4)
    if bullet:
        paragraph.paragraph_format.left_indent = Cm(0.5)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "12")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), "0B0C0C")
        borders.append(edge)
    properties = paragraph._p.get_or_add_pPr()
    properties.insert(properties.index(properties.find(qn("w:shd"))), borders)


def _rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "0B0C0C")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _total_row(table, label: str, amount: str, *, amount_column: int) -> None:
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run(label).bold = True
    cells[amount_column].paragraphs[0].add_run(amount).bold = True
    _widths(table, [column.width.cm for column in table.columns])


def _small_table(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(8)


# -- shared helpers -------------------------------------------------------------------------------------

def _new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Breach claims", "Breach claims"
    props.created = props.modified = FIXED_TIME
    props.revision, props.comments = 1, "Built by scripts/make_letter_templates.py"
    return doc


def _warning(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    _shade(paragraph, "FFF7BF")


def _key_values(doc: Document, rows: list[tuple[str, str | None]]) -> None:
    """A two-column table of names and values; a row whose value is None holds a {%tr %} tag."""
    table = doc.add_table(rows=0, cols=2)
    table.style, table.autofit = "Table Grid", False
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(name).bold = value is not None
        if value is not None:
            cells[1].paragraphs[0].add_run(value)
    _widths(table, [4.8, 12.2])


def _loop_table(doc: Document, item: str, items: str, columns: list[tuple[str, float]], cells: list[list[str]]):
    """A table with a header row, then one row per item: {%tr for %} / the cells / {%tr endfor %}."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style, table.alignment, table.autofit = "Table Grid", WD_TABLE_ALIGNMENT.LEFT, False
    for index, (name, _width) in enumerate(columns):
        table.rows[0].cells[index].paragraphs[0].add_run(name).bold = True
    _widths(table, [width for _, width in columns])
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {item} in {items} %}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for cell, lines in zip(table.rows[2].cells, cells):
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)
    return table


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and in every cell (Word reads those)."""
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _small(paragraph, text: str) -> None:
    paragraph.add_run(text).font.size = Pt(8)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(paragraph, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shading)


def _footer(doc: Document, text: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = Pt(8)


def save_reproducibly(doc: Document, path: Path) -> None:
    """Save with every zip entry dated the same, so an unchanged template gives the same bytes."""
    buffer = BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            out.writestr(entry, source.read(info.filename))


TEMPLATES = {
    "valuation-report.docx": valuation_report,
    "letter-of-claim.docx": letter_of_claim,
    "subject-access-request.docx": subject_access_request,
    "client-care-and-cfa.docx": client_care_and_cfa,
    "decline.docx": decline,
    "acknowledgement.docx": acknowledgement,
    "completion-statement.docx": completion_statement,
}


def main() -> int:
    LETTERS.mkdir(exist_ok=True)
    for name, build in TEMPLATES.items():
        save_reproducibly(build(), LETTERS / name)
        print(f"wrote letters/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
