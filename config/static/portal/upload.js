// Progressive enhancement of the portal's upload form: drop a file onto the box, see the
// upload's progress, then go where the server sends us (the file's progress page). Without
// JavaScript the same form posts normally with its file input.
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var zone = form.querySelector("[data-dropzone]");
  var input = form.querySelector("input[type=file]");
  var hint = form.querySelector("[data-dropzone-hint]");
  var chosen = form.querySelector("[data-dropzone-file]");
  var bar = form.querySelector("[data-upload-progress]");
  var button = form.querySelector("button[type=submit]");
  if (!zone || !input) { return; }
  if (hint) { hint.hidden = false; }

  function showChosen() {
    if (chosen) { chosen.textContent = input.files && input.files.length ? input.files[0].name : ""; }
  }
  input.addEventListener("change", showChosen);

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.remove("is-over");
    });
  });
  zone.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) { return; }
    try {
      input.files = files; // the form then posts the dropped file like a picked one
    } catch (error) {
      return; // very old browsers: the file picker still works
    }
    showChosen();
  });

  form.addEventListener("submit", function (event) {
    if (!input.files || !input.files.length) { return; } // let the server say what is missing
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    // Asks for the next page's address as JSON instead of a redirect: the XHR would follow
    // a redirect itself and use up that page's message ("Received …") out of sight.
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    if (bar) {
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round((e.loaded / e.total) * 100);
          bar.value = percent;
          bar.textContent = percent + "%";
        }
      });
    }
    if (button) { button.disabled = true; }
    xhr.onload = function () {
      // Done: go where the server says. A redirect that was followed anyway (e.g. to the
      // sign-in page): go to that page. Otherwise the server answered with the form and its
      // errors: show that page as a normal post would have.
      var type = xhr.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        window.location.assign(JSON.parse(xhr.responseText).location);
      } else if (xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    };
    xhr.onerror = function () {
      if (button) { button.disabled = false; }
      form.submit(); // network trouble: fall back to the plain post
    };
    xhr.send(new FormData(form));
  });
})();
