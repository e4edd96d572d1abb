// Pan, zoom, fit and export for the lineage graph (Features/Lineage/LineageSvg.razor). The drawing itself is
// rendered by Blazor; this module only owns the transform of the <g class="lineage-viewport"> group.
const states = new WeakMap();

function state(svg) {
  let s = states.get(svg);
  if (!s) {
    s = { x: 0, y: 0, k: 1 };
    states.set(svg, s);
  }
  return s;
}

function apply(svg) {
  const s = state(svg);
  svg.querySelector(".lineage-viewport")?.setAttribute("transform", `translate(${s.x},${s.y}) scale(${s.k})`);
}

function zoomAt(svg, factor, px, py) {
  const s = state(svg);
  const k = Math.min(3, Math.max(0.1, s.k * factor));
  s.x = px - (px - s.x) * (k / s.k);
  s.y = py - (py - s.y) * (k / s.k);
  s.k = k;
  apply(svg);
}

export function attach(svg) {
  if (!svg || states.has(svg)) return;
  state(svg);
  // Until the person pans or zooms, the drawing stays fitted: a panel that gets its width after the first render
  // (a tab, a grid column, a resized window) refits instead of cutting nodes off.
  new ResizeObserver(() => { if (state(svg).autoFit) fitNow(svg); }).observe(svg);
  const manual = () => { state(svg).autoFit = false; };
  svg.addEventListener("wheel", (e) => { if (!svg.closest('[data-embedded="true"]') || e.ctrlKey || e.metaKey) manual(); }, { passive: true });
  svg.addEventListener("wheel", (e) => {
    // Embedded in a page (detail tab, review screen) the wheel scrolls the page; Ctrl/Cmd+wheel zooms.
    if (svg.closest('[data-embedded="true"]') && !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(svg, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  // A drag pans; a press that did not move stays a click on the node under it.
  let drag = null, moved = false;
  svg.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    const s = state(svg);
    drag = { px: e.clientX, py: e.clientY, x: s.x, y: s.y, id: e.pointerId };
    moved = false;
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.px, dy = e.clientY - drag.py;
    if (!moved && Math.hypot(dx, dy) < 4) return;
    if (!moved) { moved = true; manual(); svg.setPointerCapture(drag.id); svg.classList.add("panning"); }
    const s = state(svg);
    s.x = drag.x + dx; s.y = drag.y + dy;
    apply(svg);
  });
  const end = () => { drag = null; svg.classList.remove("panning"); };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  // Space and Enter act on a focused node (re-centre / open); they must not also scroll the page.
  svg.addEventListener("keydown", (e) => {
    if ((e.key === " " || e.key === "Enter") && e.target.closest && e.target.closest(".node")) e.preventDefault();
  });
  // A node reached with Tab may lie outside the panned view: bring it to the middle.
  svg.addEventListener("focusin", (e) => {
    const node = e.target.closest && e.target.closest(".node");
    if (!node) return;
    const r = svg.getBoundingClientRect(), b = node.getBoundingClientRect();
    if (b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom) return;
    const s = state(svg);
    s.autoFit = false;
    s.x += (r.left + r.width / 2) - (b.left + b.width / 2);
    s.y += (r.top + r.height / 2) - (b.top + b.height / 2);
    apply(svg);
  });
  // Swallow the click that ends a drag, before Blazor's document-level handler sees it.
  svg.addEventListener("click", (e) => { if (moved) { e.stopPropagation(); e.preventDefault(); moved = false; } }, true);
}

export function zoom(svg, factor) {
  state(svg).autoFit = false;
  zoomAt(svg, factor, svg.clientWidth / 2, svg.clientHeight / 2);
}

// Fits the graph now and whenever the drawing's box changes size, until the person pans or zooms.
// whole: always the whole graph (an embedded overview); otherwise, when the whole graph would make labels
// unreadable, the root node is centred at a readable scale instead.
export function fit(svg, whole) {
  if (!svg) return;
  attach(svg);
  const s = state(svg);
  s.whole = !!whole;
  // Only an embedded overview keeps refitting as its panel changes size; on the explorer page the person's view
  // must not move under the pointer (a refit between the two clicks of a double-click lost the double-click).
  s.autoFit = s.whole;
  fitNow(svg);
}

function fitNow(svg) {
  const w = +svg.dataset.width, h = +svg.dataset.height, cw = svg.clientWidth, ch = svg.clientHeight;
  if (!w || !h || !cw || !ch) return; // not laid out yet: the resize observer fits it once it has a size
  const s = state(svg);
  const margin = 8;
  s.k = Math.max(0.1, Math.min(1.2, (cw - 2 * margin) / w, (ch - 2 * margin) / h));
  s.x = (cw - w * s.k) / 2;
  s.y = (ch - h * s.k) / 2;
  const root = svg.dataset.root && svg.querySelector(`.node[data-id="${svg.dataset.root}"]`);
  if (!s.whole && s.k < 0.55 && root) {
    s.k = 0.75;
    const box = root.querySelector(".box");
    const t = root.transform.baseVal.consolidate()?.matrix;
    const cx = (t ? t.e : 0) + (+box.getAttribute("width")) / 2, cy = (t ? t.f : 0) + (+box.getAttribute("height")) / 2;
    // A root in the first layer (downstream only) starts near the left edge, where its fan-out can be seen.
    s.x = (t ? t.e : 0) < 40 ? 40 - (t ? t.e : 0) * s.k : cw / 2 - cx * s.k;
    s.y = ch / 2 - cy * s.k;
  }
  apply(svg);
  // Says which centre the view was last fitted around: a test (or a script) clicks only once the view has settled.
  svg.dataset.fittedRoot = svg.dataset.root || "";
}

// The drawing at full size, with its own styles, on white: the same picture as on screen, without pan and zoom.
function standalone(svg) {
  const w = svg.dataset.width, h = svg.dataset.height;
  const copy = svg.cloneNode(true);
  copy.removeAttribute("style");
  copy.setAttribute("width", w); copy.setAttribute("height", h);
  copy.setAttribute("viewBox", `0 0 ${w} ${h}`);
  copy.querySelector(".lineage-viewport")?.removeAttribute("transform");
  copy.querySelectorAll(".focus").forEach((f) => f.remove());
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("width", "100%"); bg.setAttribute("height", "100%"); bg.setAttribute("fill", "#ffffff");
  copy.insertBefore(bg, copy.querySelector(".lineage-viewport"));
  return new XMLSerializer().serializeToString(copy);
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: fileName });
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportSvg(svg, fileName) {
  download(new Blob([standalone(svg)], { type: "image/svg+xml" }), fileName);
}

export function exportPng(svg, fileName) {
  const scale = 2, w = +svg.dataset.width, h = +svg.dataset.height;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([standalone(svg)], { type: "image/svg+xml" }));
  img.onload = () => {
    const canvas = Object.assign(document.createElement("canvas"), { width: w * scale, height: h * scale });
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((png) => download(png, fileName), "image/png");
  };
  img.src = url;
}
