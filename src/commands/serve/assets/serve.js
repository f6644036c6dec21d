// clausier serve: what the script adds to forms that work without it. Dropping files or a
// folder on the page, the upload's progress then the pieces read, lot rows added and removed
// in place, and copying the clause. Every sentence comes from the page (data-* attributes),
// which takes it from the message catalogue.
"use strict";

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// Files dropped or picked: a drop replaces the file input's files, so that the form, with or
// without the script, posts what the buyer sees listed.
function setUpDrop(form) {
  const zone = document.getElementById("depot");
  const input = document.getElementById("fichiers");
  const folder = document.getElementById("dossier");
  const list = document.getElementById("choisis");
  const show = () => {
    list.textContent = "";
    for (const source of [input, folder]) {
      for (const file of source.files) {
        const item = document.createElement("li");
        item.textContent = file.webkitRelativePath || file.name;
        list.appendChild(item);
      }
    }
  };
  input.addEventListener("change", show);
  folder.addEventListener("change", show);
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const files = await droppedFiles(event.dataTransfer);
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    folder.value = "";
    show();
  });
}

// A dropped folder is walked for its files (the browser gives the folder, not its content).
async function droppedFiles(transfer) {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry());
  if (entries.some((entry) => !entry)) return [...transfer.files];
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      files.push(await new Promise((done, failed) => entry.file(done, failed)));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((done, failed) => reader.readEntries(done, failed));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

// The upload, sent by the script to show its progress, then the pieces read; the result page
// is opened when the analysis ends.
function setUpProgress(form) {
  const box = document.getElementById("avancement");
  const bar = document.getElementById("barre");
  const state = document.getElementById("etat");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    box.hidden = false;
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Clausier-Suivi", "1");
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((100 * e.loaded) / e.total);
      bar.value = percent;
      state.textContent = fill(form.dataset.sending, { percent });
    });
    request.addEventListener("load", () => {
      if (request.status !== 202) {
        const page = new DOMParser().parseFromString(request.responseText, "text/html");
        const message = page.getElementById("message");
        state.textContent = message ? message.textContent : form.dataset.failed;
        box.classList.add("refused");
        return;
      }
      follow(JSON.parse(request.responseText));
    });
    request.addEventListener("error", () => {
      state.textContent = form.dataset.failed;
    });
    request.send(new FormData(form));
  });
  const follow = (job) => {
    fetch(job.suivi)
      .then((response) => response.json())
      .then((progress) => {
        bar.max = Math.max(progress.total, 1);
        bar.value = progress.lus;
        state.textContent = fill(form.dataset.reading, { done: progress.lus, total: progress.total });
        if (progress.fini) {
          window.location.assign(job.resultat);
        } else {
          setTimeout(() => follow(job), 300);
        }
      })
      .catch(() => {
        state.textContent = form.dataset.failed;
      });
  };
}

// Lot rows added and removed without a round trip; the names keep the server's numbering.
function setUpLots() {
  const table = document.getElementById("lots");
  const add = document.getElementById("ajouter-lot");
  if (!table || !add) return;
  const body = table.tBodies[0];
  const renumber = () => {
    [...body.querySelectorAll("tr.lot")].forEach((row, index) => {
      row.dataset.index = index;
      for (const input of row.querySelectorAll("input")) {
        input.name = input.name.replace(/^lot\.\d+\./, `lot.${index}.`);
      }
      const remove = row.querySelector("button.remove-lot");
      if (remove) remove.value = `retirer_lot.${index}`;
    });
  };
  const bindRemove = (row) => {
    const remove = row.querySelector("button.remove-lot");
    if (!remove) return;
    remove.addEventListener("click", (event) => {
      event.preventDefault();
      const next = row.nextElementSibling;
      if (next && !next.classList.contains("lot")) next.remove();
      row.remove();
      renumber();
    });
  };
  body.querySelectorAll("tr.lot").forEach(bindRemove);
  const model = body.querySelector("tr.lot");
  if (!model) return; // Without a row to copy, the button asks the server for one.
  add.addEventListener("click", (event) => {
    event.preventDefault();
    const row = model.cloneNode(true);
    for (const input of row.querySelectorAll("input")) input.value = "";
    for (const error of row.querySelectorAll(".field-error")) error.remove();
    body.appendChild(row);
    bindRemove(row);
    renumber();
    row.querySelector("input").focus();
  });
}

// The clause copied as text, for a buyer who pastes it into the document being drafted.
function setUpCopy() {
  const button = document.getElementById("copier");
  const clause = document.getElementById("clause");
  if (!button || !clause || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(clause.innerText).then(() => {
      button.textContent = button.dataset.done;
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("verifier");
  if (form && window.DataTransfer && window.XMLHttpRequest) {
    setUpDrop(form);
    setUpProgress(form);
  }
  setUpLots();
  setUpCopy();
});
