// Review before submitting: what is still missing, the visit, then into the outbox.

import { storedAssignment } from "../assignments.js";
import { h, replace } from "../dom.js";
import { draftFor, mutateDraft } from "../drafts.js";
import { missingItems, photoLimits } from "../form.js";
import { formatDate, localized, t } from "../i18n.js";
import { SENT, SET_ASIDE, enqueue, status } from "../outbox.js";
import { visitWarnings } from "../visit_warnings.js";
import { currentPosition } from "./visit.js";

export async function render(main, app, assignmentId) {
  const assignment = await storedAssignment(Number(assignmentId));
  if (!assignment) { app.navigate("#/assignments"); return null; }
  const draft = await draftFor(assignment);
  if (draft.state === "queued") { app.navigate("#/outbox"); return null; }
  const definition = assignment.checklist.definition;
  const missing = missingItems(definition, draft.persona, draft.answers);
  const back = h("a", { href: `#/a/${assignment.id}`, class: "button secondary" }, t("submit.back"));

  const summary = missing.length
    ? h("section", { class: "card", "aria-labelledby": "missing-title" },
      h("h2", { id: "missing-title" }, t("submit.missing_title", { count: missing.length })),
      h("ul", { class: "missing" }, missing.map(({ section, question, problems }) => h("li", {},
        h("a", { href: `#/a/${assignment.id}/q/${question.id}` }, localized(question.text)),
        h("span", { class: "muted small" }, ` ${localized(section.title)} · `,
          problems.map((code) => t(`problem.${code}`, photoLimits(question))).join(" "))))))
    : h("section", { class: "card ok" }, h("h2", {}, t("submit.complete")));

  const warnings = await visitWarnings(assignment, draft);
  const warningCard = warnings.length ? proofWarnings(warnings, app, draft) : null;
  const submit = h("button", {
    type: "button", class: "primary",
    "aria-describedby": [missing.length ? "missing-title" : null, warnings.length ? "warnings-title" : null].filter(Boolean).join(" ") || null,
    disabled: missing.length > 0,
    onclick: async () => {
      submit.disabled = true;
      const finished = await mutateDraft(draft.evaluation_id, (d) => {
        if (!d.visit_started_at) d.visit_started_at = new Date().toISOString();
        if (!d.visit_ended_at) d.visit_ended_at = new Date().toISOString();
        d.server_errors = null;
      });
      await enqueue(finished, {
        location: assignment.location.name,
        persona: localized(assignment.persona.title),
        checklist: localized(assignment.checklist.title),
      });
      app.requestBackgroundSync();
      app.navigate("#/outbox");
      // Say what happened, not what might: a refusal is never announced as "will be sent".
      await app.sendOutbox({ force: true });
      const after = await status(finished.evaluation_id);
      app.announce(t(after === SENT ? "submit.sent" : after === SET_ASIDE ? "submit.refused" : "submit.queued"),
        { visible: true });
    },
  }, draft.returned ? t("submit.resend") : t("submit.send"));

  replace(main,
    h("h1", {}, t("submit.title")),
    h("p", { class: "muted" }, assignment.location.name, " · ", localized(assignment.persona.title)),
    summary,
    warningCard,
    h("section", { class: "card" },
      h("h2", { class: "small-title" }, t("visit.title")),
      h("p", {}, draft.visit_started_at ? t("visit.started_at", { time: formatDate(draft.visit_started_at, { dateStyle: "short", timeStyle: "short" }) }) : t("visit.not_started")),
      h("p", {}, draft.visit_ended_at ? t("visit.ended_at", { time: formatDate(draft.visit_ended_at, { dateStyle: "short", timeStyle: "short" }) }) : t("submit.end_now")),
      h("p", { class: "muted small" }, draft.position ? t("visit.position_recorded", { accuracy: draft.position.accuracy_m }) : t("visit.position_none"))),
    h("div", { class: "actions" }, back, submit),
    h("p", { class: "muted small" }, t("submit.offline_note")));
  return null;
}

/** What the reviewer will be asked to look at, told to the tester before sending; sending stays possible. */
function proofWarnings(warnings, app, draft) {
  const locate = warnings.some((w) => w.code === "position_missing")
    ? h("button", { type: "button", class: "secondary", onclick: async () => {
      app.announce(t("visit.locating"));
      try {
        const position = await currentPosition();
        await mutateDraft(draft.evaluation_id, (d) => { d.position = position; });
        app.announce(t("visit.position_saved", { accuracy: position.accuracy_m }), { visible: true });
        app.navigate(location.hash);
      } catch (error) {
        app.announce(error.message, { visible: true });
      }
    } }, t("visit.record_position")) : null;
  return h("section", { class: "card warning", "aria-labelledby": "warnings-title", dataset: { codes: warnings.map((w) => w.code).join(" ") } },
    h("h2", { id: "warnings-title" }, t("warning.title")),
    h("ul", { class: "warnings" }, warnings.map((w) => h("li", { dataset: { code: w.code } }, w.text))),
    locate,
    h("p", { class: "muted small" }, t("warning.still_send")));
}
