// Small browser helpers the Blazor components call through JS interop.
window.portal = {
  // Set once the circuit has rendered: until then a prerendered page shows buttons that do nothing yet.
  markInteractive: () => document.body.setAttribute("data-interactive", "true"),
  downloadText: (fileName, mime, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = Object.assign(document.createElement("a"), { href: url, download: fileName });
    document.body.appendChild(a); a.click(); a.remove(); URL.revokeObjectURL(url);
  },
  // Binary downloads (evidence packs) streamed from the circuit (DotNetStreamReference).
  downloadStream: async (fileName, mime, streamRef) => {
    const url = URL.createObjectURL(new Blob([await streamRef.arrayBuffer()], { type: mime }));
    const a = Object.assign(document.createElement("a"), { href: url, download: fileName });
    document.body.appendChild(a); a.click(); a.remove(); URL.revokeObjectURL(url);
  },
};

// The account menu is a <details> (UserMenu, ADR 0066): like a menu, it closes on Escape (focus back on its button)
// and on a click anywhere outside it.
document.addEventListener("keydown", (e) => {
  const open = e.key === "Escape" && document.querySelector("details.user-menu[open]");
  if (open) { open.open = false; open.querySelector("summary").focus(); }
});
document.addEventListener("click", (e) =>
  document.querySelectorAll("details.user-menu[open]").forEach((d) => { if (!d.contains(e.target)) d.open = false; }));
