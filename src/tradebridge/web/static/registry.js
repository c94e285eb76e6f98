// The organisation form's "Suggest HS codes" links: with JavaScript, each asks /hs-suggest (the
// htmx partial) for its product row's description and shows the codes under the row; a click on
// a code (a button carrying data-hs6) fills the row's HS6 field. Without JavaScript the link
// opens the suggestion page and the code is typed by hand.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.hs-suggest");
  var pick = event.target.closest("[data-hs6]");
  var row = event.target.closest(".product-row");
  if (!row || !(link || pick)) return;
  event.preventDefault();
  var slot = row.querySelector(".hs-slot");
  if (pick) {
    var code = row.querySelector("input.hs6");
    code.value = pick.dataset.hs6;
    code.dispatchEvent(new Event("change", { bubbles: true }));
    slot.replaceChildren();
    code.focus();
    return;
  }
  var words = row.querySelector("input.product-words").value.trim();
  if (!words) {
    slot.textContent = slot.dataset.empty;
    return;
  }
  htmx.ajax("GET", link.pathname + "?" + new URLSearchParams({ q: words, lang: document.documentElement.lang }), { target: slot, swap: "innerHTML" });
});
