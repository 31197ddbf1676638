// A project's scores: the persona x touchpoint heat map, journey with emotion, NPS, pain points, reports.

import { blob, listEvaluations, projectScores, projects } from "../api.js";
import { projectChecklist } from "../checklists.js";
import { h, replace, saveBlob, uid } from "../dom.js";
import { formatNumber, localized, t } from "../i18n.js";
import { row } from "./queue.js";

const HEAT_BANDS = [90, 80, 65, 50];

/** The colour band of a score: heat-0 (best) to heat-4; heat-none for no data. */
export function heatClass(value) {
  if (value === null || value === undefined) return "heat-none";
  const band = HEAT_BANDS.findIndex((bound) => value >= bound);
  return `heat-${band === -1 ? HEAT_BANDS.length : band}`;
}

export async function render(main, app, projectId) {
  const project = (await projects()).find((p) => p.id === Number(projectId));
  if (!project) { replace(main, h("h1", {}, t("projects.not_found"))); return null; }
  const definition = await projectChecklist(project);
  const waveId = uid("wave");
  const results = h("div", { "aria-live": "polite" });
  const wave = h("select", { id: waveId, onchange: () => load() },
    h("option", { value: "" }, t("projects.all_waves")),
    (project.waves || []).map((w) => h("option", { value: String(w.id) }, w.name)));
  const download = (path, filename) => async () => saveBlob(await blob(path), filename);

  replace(main,
    h("p", {}, h("a", { href: "#/projects" }, "← ", t("projects.title"))),
    h("h1", {}, project.name),
    h("p", { class: "muted" }, [project.client && project.client.name, project.checklist && localized(project.checklist.title)].filter(Boolean).join(" · ")),
    h("div", { class: "card filters" }, h("label", { for: waveId }, t("projects.wave")), wave),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: download(`/projects/${project.id}/report.pdf`, `project-${project.id}.pdf`) }, t("report.project_pdf")),
      h("button", { type: "button", class: "secondary", onclick: download(`/projects/${project.id}/export.csv`, `project-${project.id}.csv`) }, t("report.project_csv"))),
    results);

  async function load() {
    results.setAttribute("aria-busy", "true");
    const [scores, released] = await Promise.all([
      projectScores(project.id, { waveId: wave.value || null }),
      listEvaluations({ status: "released", projectId: project.id, limit: 100 }),
    ]);
    replace(results, scoreSummary(scores), heatMap(scores, definition), painPoints(scores, definition),
      journeys(scores, definition),
      h("section", { "aria-labelledby": "released-title" },
        h("h2", { id: "released-title" }, t("projects.released", { count: released.total })),
        h("ul", { class: "cards" }, released.items.map((item) =>
          row({ ...item, persona: entry(item.persona, definition && definition.personas).title })))));
    results.removeAttribute("aria-busy");
  }
  await load();
  return null;
}


/** The id and title of a persona or touchpoint entry, whatever shape the API gives it. */
function entry(item, list) {
  const id = typeof item === "string" ? item : item.id;
  const known = (list || []).find((x) => x.id === id);
  const title = typeof item === "object" && item.title ? item.title : known ? known.title : id;
  return { id, title: localized(title) };
}

function scoreSummary(scores) {
  const total = scores.total || {};
  return h("dl", { class: "card facts" },
    h("dt", {}, t("projects.evaluations")), h("dd", {}, String(scores.n ?? total.n ?? 0)),
    h("dt", {}, t("score.total")), h("dd", {}, total.mean == null ? t("score.na") : `${formatNumber(total.mean)} %`),
    scores.nps ? [h("dt", {}, t("projects.nps")), h("dd", {}, npsText(scores.nps))] : null);
}

function npsText(nps) {
  const value = nps.mean;
  return value == null ? t("score.na") : `${formatNumber(value, 0)} (n = ${nps.n})`;
}

function heatMap(scores, definition) {
  const personas = (scores.personas || []).map((p) => entry(p, definition && definition.personas));
  const touchpoints = (scores.touchpoints || []).map((tp) => entry(tp, definition && definition.touchpoints));
  const matrix = scores.matrix || {};
  return h("section", { class: "card", "aria-labelledby": "heat-title" },
    h("h2", { id: "heat-title", class: "small-title" }, t("projects.heatmap")),
    h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "heat-title" },
      h("table", { class: "heatmap" },
        h("caption", { class: "sr-only" }, t("projects.heatmap_caption")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("projects.persona")),
          touchpoints.map((tp) => h("th", { scope: "col" }, tp.title)))),
        h("tbody", {}, personas.map((p) => h("tr", {},
          h("th", { scope: "row" }, p.title),
          touchpoints.map((tp) => {
            const cell = (matrix[p.id] || {})[tp.id] || {};
            return h("td", { class: heatClass(cell.mean) },
              cell.mean == null ? t("score.na") : `${formatNumber(cell.mean)} %`,
              h("span", { class: "n" }, `n = ${cell.n ?? 0}`));
          })))))),
    h("p", { class: "legend small" }, t("projects.legend")));
}

/** Every persona's pain points (touchpoints below the pass threshold), or in words that it has none. */
function painPoints(scores, definition) {
  const points = scores.pain_points || {};
  const personas = (scores.personas || []).map((p) => entry(p, definition && definition.personas));
  if (!personas.length) return null;
  const threshold = formatNumber(scores.pass_threshold, 0);
  return h("section", { class: "card pain-points", "aria-labelledby": "pain-title" },
    h("h2", { id: "pain-title", class: "small-title" }, t("projects.pain_points")),
    h("p", { class: "small" }, t("projects.pain_points_intro", { threshold })),
    h("dl", { class: "facts" }, personas.map((p) => {
      const found = points[p.id] || [];
      const scored = Object.values((scores.matrix || {})[p.id] || {}).some((cell) => cell.n > 0);
      const none = scored ? t("projects.no_pain_points", { threshold }) : t("projects.no_scores");
      return [
        h("dt", {}, p.title),
        h("dd", { class: found.length ? null : "muted" }, found.length
          ? found.map((tp) => entry(tp, definition && definition.touchpoints).title).join(", ") : none),
      ];
    })));
}

/** Per persona, the mean score and, where the template asks, the mean emotion (1 to 5) of every step. */
function journeys(scores, definition) {
  const journey = scores.journey || {};
  const personas = (scores.personas || []).filter((id) => journey[id]).map((p) => entry(p, definition && definition.personas));
  if (!personas.length) return null;
  const steps = (scores.steps || []).map((s) => entry(s, definition && definition.steps));
  const mean = (value, text) => (value == null ? t("score.na") : text);
  return h("section", { class: "card", "aria-labelledby": "journey-title" },
    h("h2", { id: "journey-title", class: "small-title" }, t("projects.journey")),
    h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "journey-title" },
      h("table", { class: "heatmap journey" },
        h("caption", { class: "sr-only" }, t("projects.journey_caption")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("projects.persona")),
          steps.map((step) => h("th", { scope: "col" }, step.title)))),
        h("tbody", {}, personas.map((p) => {
          const byStep = Object.fromEntries(journey[p.id].map((point) => [point.step, point]));
          return h("tr", {},
            h("th", { scope: "row" }, p.title),
            steps.map((step) => {
              const point = byStep[step.id] || { score: {} };
              const score = point.score || {};
              const emotion = point.emotion;
              return h("td", { class: heatClass(score.mean) },
                mean(score.mean, `${formatNumber(score.mean)} %`),
                h("span", { class: "n" }, `n = ${score.n ?? 0}`),
                emotion && emotion.n ? h("span", { class: "emotion" },
                  t("projects.emotion", { value: mean(emotion.mean, formatNumber(emotion.mean)), n: emotion.n })) : null);
            }));
        })))),
    h("p", { class: "legend small" }, t("projects.journey_legend")));
}
