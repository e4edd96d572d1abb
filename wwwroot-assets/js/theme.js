// Light or dark theme, owned by the browser (ADR 0065): both palettes' CSS variables are in the static page head
// (App.razor), the dark set under :root[data-theme=dark], so a circuit keeps no theme provider, no MudTheme copy and
// no stylesheet, and the theme applies before Blazor starts (no light flash on a dark page).
// Loaded in <head>, not deferred, so the attribute is set before the first paint.
(() => {
  const key = "gp-theme";
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  // The person's saved choice wins; otherwise follow the operating system, also when it changes later.
  const current = () => localStorage.getItem(key) ?? (system.matches ? "dark" : "light");
  const apply = () => { document.documentElement.dataset.theme = current(); };
  apply();
  system.addEventListener("change", apply);
  // Another tab's choice applies here too.
  window.addEventListener("storage", (e) => { if (e.key === key) apply(); });
  // The toggle is a plain button (MainLayout): a delegated listener works on the prerendered page already and costs the
  // circuit no event handler.
  document.addEventListener("click", (e) => {
    const toggle = e.target.closest?.("[data-theme-toggle]");
    if (!toggle) return;
    localStorage.setItem(key, current() === "dark" ? "light" : "dark");
    apply();
    // The clicked button is hidden now: keyboard focus moves to its twin instead of falling back to the page.
    if (document.activeElement === toggle)
      [...document.querySelectorAll("[data-theme-toggle]")].find((b) => b !== toggle && b.offsetParent !== null)?.focus();
  });
  // Enhanced navigation (the account pages) may replace the <html> element's attributes.
  document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", apply));
})();
