// The investment board: dragging a card onto another column submits the card's own move form
// with that column's stage (the form stays usable with the keyboard, and without JavaScript).
(function () {
  var board = document.querySelector("[data-move-board]");
  if (!board) return;
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest("[data-project]");
    if (card) event.dataTransfer.setData("text/plain", card.dataset.project);
  });
  board.querySelectorAll("[data-stage]").forEach(function (column) {
    column.addEventListener("dragover", function (event) { event.preventDefault(); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      var id = event.dataTransfer.getData("text/plain");
      var card = board.querySelector('[data-project="' + CSS.escape(id) + '"]');
      if (!card || card.parentElement === column) return;
      var form = card.querySelector("form.move");
      var select = form.querySelector("select[name=stage]");
      select.value = column.dataset.stage;
      if (column.dataset.stage === "lost" && !form.querySelector("select[name=reason]").value) {
        form.querySelector("select[name=reason]").focus();  // a lost project needs a reason
        return;
      }
      form.submit();
    });
  });
})();
