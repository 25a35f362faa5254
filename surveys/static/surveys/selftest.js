/* Progressive enhancement for the self-test. Without it the page works as one form.
 * Phones: one question per screen with Previous/Next, progress "Question 3 of 9".
 * Wide screens: all questions, a progress bar of answered questions.
 * Nothing leaves the page: answers stay in the form until it is sent by POST. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The marker on each score's scale: its place comes as data (no inline style under the CSP).
  document.querySelectorAll(".score-marker[data-percent]").forEach(function (marker) {
    marker.style.left = marker.dataset.percent + "%";
    marker.hidden = false;
  });

  var form = document.getElementById("selftest-form");
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".selftest-question"));
  var progress = form.querySelector(".selftest-progress");
  var bar = progress.querySelector(".progress-bar");
  var meter = progress.querySelector("[role=progressbar]");
  var text = progress.querySelector("#progress-text");
  var submit = form.querySelector(".selftest-submit");
  var total = questions.length;
  var narrow = window.matchMedia("(max-width: 767.98px)").matches;
  var stepper = narrow && !form.classList.contains("has-errors");
  var current = 0;
  progress.hidden = false;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function answered(question) { return !!question.querySelector("input[type=radio]:checked"); }
  function answeredCount() { return questions.filter(answered).length; }

  function update() {
    var value = stepper ? current + 1 : answeredCount();
    bar.style.width = Math.round((100 * value) / total) + "%";
    meter.setAttribute("aria-valuenow", String(value));
    text.textContent = stepper
      ? fill(form.dataset.progress, { number: current + 1, total: total })
      : fill(form.dataset.answered, { answered: answeredCount(), total: total });
  }

  function show(index, focus) {
    current = index;
    questions.forEach(function (question, i) {
      if (i === index) { question.removeAttribute("data-hidden"); } else { question.setAttribute("data-hidden", ""); }
    });
    submit.hidden = index !== total - 1;
    update();
    if (focus) questions[index].querySelector("legend").focus();
  }

  function next() {
    var question = questions[current];
    var missing = question.querySelector(".selftest-missing");
    if (question.dataset.required === "1" && !answered(question)) {
      missing.textContent = form.dataset.missing;
      question.querySelector("input[type=radio]").focus();
      return;
    }
    missing.textContent = "";
    if (current < total - 1) show(current + 1, true);
  }

  if (stepper) {
    form.classList.add("selftest-stepper");
    questions.forEach(function (question, i) {
      var nav = document.createElement("div");
      nav.className = "selftest-nav";
      if (i > 0) {
        var back = document.createElement("button");
        back.type = "button";
        back.className = "btn btn-outline-secondary";
        back.textContent = form.dataset.back;
        back.addEventListener("click", function () { show(i - 1, true); });
        nav.appendChild(back);
      }
      if (i < total - 1) {
        var forward = document.createElement("button");
        forward.type = "button";
        forward.className = "btn btn-primary";
        forward.textContent = form.dataset.next;
        forward.addEventListener("click", next);
        nav.appendChild(forward);
      }
      question.appendChild(nav);
      // Enter on an answer moves on instead of sending an unfinished form.
      question.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.type === "radio" && i < total - 1) {
          event.preventDefault();
          next();
        }
      });
    });
    show(0, false);
  } else {
    update();
  }
  form.addEventListener("change", function () {
    questions[current].querySelector(".selftest-missing").textContent = "";
    update();
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
