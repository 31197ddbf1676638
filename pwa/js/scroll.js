// Where each view was scrolled to, kept in its own history entry: a view reached by a link opens at its
// top, while going back, forward or reloading returns to where the tester was. The place is kept as the
// element at the top of the screen and how far below the sticky bars it stood, so a list that grew or
// a checklist whose skip logic opened a question meanwhile still lands on the same card.

const KEY = "fieldcheckScroll";
const SAVE_DELAY_MS = 150;
const STICKY = ".topbar, .section-strip";
/** Elements whose ids stay the same from one rendering to the next (question cards, sections, assignment cards). */
const ANCHORS = ".question[id], .form-section[id], .assignment[id]";

/** The height the sticky bars cover at the top of the screen. */
function coveredTop() {
  let bottom = 0;
  for (const bar of document.querySelectorAll(STICKY)) {
    const rect = bar.getBoundingClientRect();
    if (rect.height && rect.top <= 1) bottom = Math.max(bottom, rect.bottom);
  }
  return bottom;
}

/** The stable element (inside the view) that is first on screen below the sticky bars. */
function anchorAt(main, top) {
  const x = Math.min(window.innerWidth / 2, main.getBoundingClientRect().left + 24);
  for (const hit of document.elementsFromPoint(x, top + 8)) {
    const anchor = hit.closest(ANCHORS);
    if (anchor && main.contains(anchor)) return anchor;
  }
  return null;
}

/** Write the current place into this history entry. */
export function rememberScroll(main) {
  const top = coveredTop();
  const anchor = anchorAt(main, top);
  const place = { y: Math.round(window.scrollY), anchor: anchor ? anchor.id : null,
    offset: anchor ? Math.round(anchor.getBoundingClientRect().top - top) : 0 };
  history.replaceState({ ...(history.state || {}), [KEY]: place }, "");
}

/** Whether this history entry was shown before (back, forward, reload): then its place is restored. */
export const isReturning = () => Boolean(history.state && history.state[KEY]);

/** Put a freshly rendered view where it was, or at its top when it was never shown in this entry. */
export function placeView(main) {
  const place = history.state && history.state[KEY];
  if (!place) {
    window.scrollTo(0, 0);
    rememberScroll(main);
    return;
  }
  const anchor = place.anchor ? document.getElementById(place.anchor) : null;
  if (anchor && main.contains(anchor) && !anchor.closest("[hidden]")) {
    // Twice: a sticky bar that only sticks once scrolled changes what the first move covers.
    for (let pass = 0; pass < 2; pass += 1) {
      window.scrollTo(0, window.scrollY + anchor.getBoundingClientRect().top - coveredTop() - place.offset);
    }
  } else {
    window.scrollTo(0, place.y);
  }
}

/** Keep the place up to date while the tester scrolls, and right before a link or reload leaves it. */
export function trackScroll(main) {
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  let timer = null;
  const save = () => { clearTimeout(timer); rememberScroll(main); };
  window.addEventListener("scroll", () => { clearTimeout(timer); timer = setTimeout(save, SAVE_DELAY_MS); }, { passive: true });
  // Capture: before the link's own handler navigates away.
  document.addEventListener("click", (event) => { if (event.target.closest("a[href^='#']")) save(); }, true);
  window.addEventListener("pagehide", save);
  // A save still waiting belongs to the entry being left; written now it would land in the new one.
  window.addEventListener("hashchange", () => clearTimeout(timer));
}
