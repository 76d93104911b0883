/// `/static/review.js`: keyboard shortcuts, as an external file because the CSP allows no inline script.
///
/// Queue page: j/k move the selected row, Enter opens it. Item page: j/k go to the next/previous item,
/// c/o/e press Confirm/Overturn/Escalate. Keys typed into a field are left alone.
enum ReviewScript {
    static let source = #"""
        (function () {
          "use strict";
          function typing(event) {
            var t = event.target;
            return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
          }
          function follow(id) {
            var link = document.getElementById(id);
            if (link && link.getAttribute("href")) { window.location.assign(link.getAttribute("href")); }
          }
          function decide(key) {
            var button = document.getElementById("decide-" + key);
            if (button && !button.disabled && button.form) {
              if (typeof button.form.requestSubmit === "function") { button.form.requestSubmit(button); }
              else { button.click(); }
            }
          }
          var selected = -1;
          function select(rows, index) {
            if (rows.length === 0) { return; }
            if (selected >= 0 && rows[selected]) { rows[selected].classList.remove("selected"); }
            selected = Math.max(0, Math.min(rows.length - 1, index));
            rows[selected].classList.add("selected");
            rows[selected].scrollIntoView({ block: "nearest" });
          }
          document.addEventListener("keydown", function (event) {
            if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
            var page = document.body.getAttribute("data-page");
            if (page === "item") {
              if (event.key === "j") { follow("nav-next"); }
              else if (event.key === "k") { follow("nav-prev"); }
              else if (event.key === "c" || event.key === "o" || event.key === "e") { event.preventDefault(); decide(event.key); }
            } else if (page === "queue") {
              var rows = document.querySelectorAll("tr.queue-row");
              if (event.key === "j") { select(rows, selected + 1); }
              else if (event.key === "k") { select(rows, selected - 1); }
              else if (event.key === "Enter" && selected >= 0 && rows[selected]) {
                window.location.assign(rows[selected].getAttribute("data-href"));
              }
            }
          });
        })();
        """#
}
