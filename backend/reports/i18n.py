"""The reports' own words in German and English; the data's texts arrive already translated."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from backend.reports.document import Language

_STRINGS: dict[str, tuple[str, str]] = {
    # key: (German, English)
    "evaluation_report": ("Testbericht", "Evaluation report"),
    "project_report": ("Projektbericht", "Project report"),
    "client": ("Kunde", "Client"),
    "project": ("Projekt", "Project"),
    "location": ("Standort", "Location"),
    "visit_date": ("Besuchsdatum", "Visit date"),
    "date": ("Datum", "Date"),
    "wave": ("Welle", "Wave"),
    "persona": ("Persona", "Persona"),
    "instrument": ("Instrument", "Instrument"),
    "tester": ("Tester (Pseudonym)", "Tester (pseudonym)"),
    "reference": ("Referenz", "Reference"),
    "created": ("Erstellt am", "Created on"),
    "page": ("Seite", "Page"),
    "page_of": ("von", "of"),
    "confidential": ("Vertraulich", "Confidential"),
    "total_score": ("Gesamtscore", "Total score"),
    "persona_score": ("Persona-Score", "Persona score"),
    "result": ("Ergebnis", "Result"),
    "passed": ("Bestanden", "Passed"),
    "failed": ("Nicht bestanden", "Failed"),
    "pass_mark": ("Bestehensgrenze", "Pass mark"),
    "knockouts_failed": ("Nicht erfüllte K.-o.-Kriterien", "Knockout criteria failed"),
    "no_knockouts": ("Alle K.-o.-Kriterien erfüllt", "All knockout criteria met"),
    "knockout": ("K.-o.", "Knockout"),
    "knockout_note": (
        "Ein nicht erfülltes K.-o.-Kriterium setzt Gesamt- und Persona-Score auf 0.",
        "A failed knockout criterion sets the total and persona score to 0.",
    ),
    "journey": ("Customer Journey", "Customer journey"),
    "journey_intro": (
        "Score je Schritt der Journey (0–100) und, wo erfragt, die Emotion des Testers (1–5).",
        "Score per journey step (0–100) and, where asked, the tester's emotion (1–5).",
    ),
    "step": ("Schritt", "Step"),
    "steps": ("Schritte", "Steps"),
    "touchpoint": ("Touchpoint", "Touchpoint"),
    "touchpoints": ("Touchpoints", "Touchpoints"),
    "score": ("Score", "Score"),
    "score_axis": ("Score (0–100)", "Score (0–100)"),
    "emotion": ("Emotion (1–5)", "Emotion (1–5)"),
    "answers": ("Antworten", "Answers"),
    "question": ("Frage", "Question"),
    "answer": ("Antwort", "Answer"),
    "points": ("Punkte", "Points"),
    "comment": ("Kommentar", "Comment"),
    "not_applicable": ("nicht zutreffend", "not applicable"),
    "unanswered": ("nicht beantwortet", "not answered"),
    "photo": ("Foto", "Photo"),
    "proof_of_visit": ("Besuchsnachweis", "Proof of visit"),
    "visit_start": ("Beginn des Besuchs", "Visit start"),
    "visit_end": ("Ende des Besuchs", "Visit end"),
    "visit_length": ("Dauer", "Duration"),
    "distance": ("Entfernung des Geräts zum Standort", "Device distance from the location"),
    "accuracy": ("Genauigkeit der Ortung", "Location accuracy"),
    "photos_in_visit": ("Fotos während des Besuchs aufgenommen", "Photos taken during the visit"),
    "selection": ("Auswahl", "Selection"),
    "all": ("alle", "all"),
    "evaluations": ("Tests", "Evaluations"),
    "locations": ("Standorte", "Locations"),
    "waves": ("Wellen", "Waves"),
    "executive_summary": ("Management Summary", "Executive summary"),
    "mean_total": ("Ø Gesamtscore", "Mean total score"),
    "mean_persona": ("Ø Persona-Score", "Mean persona score"),
    "pass_rate": ("Bestehensquote", "Pass rate"),
    "knockout_evaluations": ("Tests mit K.-o.", "Evaluations with knockout"),
    "strongest_touchpoint": ("Stärkster Touchpoint", "Strongest touchpoint"),
    "weakest_touchpoint": ("Schwächster Touchpoint", "Weakest touchpoint"),
    "strongest_step": ("Stärkster Schritt", "Strongest step"),
    "weakest_step": ("Schwächster Schritt", "Weakest step"),
    "heat_map": ("Persona × Touchpoint", "Persona × touchpoint"),
    "heat_map_intro": (
        "Mittlerer Touchpoint-Score je Persona (0–100); n ist die Zahl der Tests, die beitragen.",
        "Mean touchpoint score per persona (0–100); n is the number of evaluations that contribute.",
    ),
    "journey_map": ("Customer Journey Map je Persona", "Customer journey map per persona"),
    "step_scores": ("Scores je Schritt", "Scores per step"),
    "touchpoint_scores": ("Scores je Touchpoint", "Scores per touchpoint"),
    "location_ranking": ("Standort-Ranking", "Location ranking"),
    "rank": ("Rang", "Rank"),
    "trend": ("Entwicklung über die Wellen", "Trend over waves"),
    "nps": ("Net Promoter Score", "Net Promoter Score"),
    "nps_intro": (
        "Anteil Promotoren (9–10) minus Anteil Detraktoren (0–6) unter allen Antworten.",
        "Share of promoters (9–10) minus share of detractors (0–6) among all answers.",
    ),
    "promoters": ("Promotoren", "Promoters"),
    "passives": ("Passive", "Passives"),
    "detractors": ("Detraktoren", "Detractors"),
    "answers_count": ("Antworten", "answers"),
    "pain_points": ("Pain Points", "Pain points"),
    "pain_points_intro": (
        "Je Persona bis zu drei Touchpoints mit dem niedrigsten Score unter der Bestehensgrenze: "
        "hier lohnt sich Verbesserung zuerst.",
        "Per persona, up to three touchpoints with the lowest score below the pass mark: "
        "where improvement pays off first.",
    ),
    "no_pain_points": (
        "Keine Pain Points: kein Touchpoint liegt unter der Bestehensgrenze.",
        "No pain points: no touchpoint is below the pass mark.",
    ),
    "no_scores": (
        "Noch keine Auswertung mit Score für diese Persona.",
        "No scored evaluation of this persona yet.",
    ),
    "no_pain_points_at_all": (
        "Keine Pain Points: für keine Persona liegt ein Touchpoint unter der Bestehensgrenze.",
        "No pain points: no touchpoint of any persona is below the pass mark.",
    ),
    "question_pass_rates": ("Erfüllungsquote je Frage", "Pass rate per question"),
    "question_pass_rates_intro": (
        "Anteil der Tests, in denen die Frage die volle Punktzahl erreichte.",
        "Share of evaluations in which the question earned its full points.",
    ),
    "appendix": ("Anhang: alle Tests", "Appendix: all evaluations"),
    "colour_scale": ("Farbskala", "Colour scale"),
    "none": ("keine", "none"),
}

_TABLES: dict[Language, Mapping[str, str]] = {
    language: MappingProxyType({key: texts[index] for key, texts in _STRINGS.items()})
    for index, language in enumerate(("de", "en"))
}


def texts(language: Language) -> Mapping[str, str]:
    """All static strings of a report in one language."""
    return _TABLES[language]
