// The buttons that open furo's drawers (docs/_ext/accessible_furo.py). furo keeps each
// drawer's state in a hidden checkbox that its stylesheet reads; a button flips that
// checkbox, says whether the drawer is open (aria-expanded), takes the focus into the
// drawer and back out, and Escape or a click beside the drawer closes it.
"use strict";
(() => {
  const drawerOf = (box) => document.getElementById(box.id === "__toc" ? "page-contents" : "site-navigation");
  const buttonsFor = (box) => document.querySelectorAll(`button[data-drawer="${box.id}"]`);
  let opener = null;

  function setOpen(box, open, returnFocus) {
    box.checked = open;
    for (const button of buttonsFor(box)) button.setAttribute("aria-expanded", String(open));
    if (open) {
      // The first control a reader can see: furo hides the contents' link to the page itself.
      const target = [...drawerOf(box).querySelectorAll("a[href], input:not([type=hidden]), button")]
        .find((control) => control.getClientRects().length > 0);
      if (target) target.focus();
    } else if (returnFocus && opener) {
      opener.focus();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-drawer]");
    if (button) {
      const box = document.getElementById(button.dataset.drawer);
      opener = button;
      setOpen(box, !box.checked, true);
      return;
    }
    const overlay = event.target.closest("[data-drawer-close]");
    if (overlay) setOpen(document.getElementById(overlay.dataset.drawerClose), false, true);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const box of document.querySelectorAll(".sidebar-toggle:checked")) setOpen(box, false, true);
  });

  // A section link picked in a drawer closes it, so the section is not hidden behind it.
  window.addEventListener("hashchange", () => {
    for (const box of document.querySelectorAll(".sidebar-toggle:checked")) setOpen(box, false, false);
  });
})();
