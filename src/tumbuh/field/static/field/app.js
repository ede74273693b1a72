/* Tumbuh field app: measure children and log TPK visits without a signal.
 *
 * The phone keeps (IndexedDB, through Dexie) the children and families of the user's scope as
 * the server sent them (/lapangan/data/), and an outbox of entries, each with its own uuid and a
 * status: waiting, sent, review (the puskesmas decides) or refused (with the server's reason).
 * Entries are sent when the connection returns; a repeat is harmless (the server stores once per
 * uuid). z-scores are computed on the phone at once (growth.js) and replaced by the server's
 * after sync. Personal data is deleted at logout, for another user, and after the set number of
 * days without a sync.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("field-config").textContent);
  var T = JSON.parse(document.getElementById("field-strings").textContent);
  var G = window.TumbuhGrowth;
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var DAY_MS = 86400000;
  var SLICE = 100;

  var db = new window.Dexie("tumbuh-field");
  db.version(1).stores({
    meta: "key",
    children: "id",
    families: "id",
    outbox: "uuid, status, created"
  });

  var state = {
    tables: null,
    scales: null,
    children: [],
    families: [],
    outbox: [],
    server: null,
    syncedAt: null,
    child: null,
    family: null,
    syncing: false,
    notice: "",
    signedOut: false
  };

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (part) {
      return part.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function newUuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
      .join("-");
  }

  function localToday() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + String(now.getDate()).padStart(2, "0");
  }

  function shownDate(iso) {
    if (!iso) return "";
    var parts = iso.split("-");
    return parts[2] + "-" + parts[1] + "-" + parts[0];
  }

  function shownNumber(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    var text = Number(value).toFixed(digits);
    return english ? text : text.replace(".", ",");
  }

  // --- local data -------------------------------------------------------------------------

  async function loadLocal() {
    state.children = await db.children.toArray();
    state.children.sort(function (a, b) {
      return a.name.localeCompare(b.name);
    });
    state.families = await db.families.toArray();
    state.outbox = await db.outbox.orderBy("created").toArray();
    var server = await db.meta.get("server");
    var synced = await db.meta.get("synced_at");
    state.server = server ? server.value : null;
    state.syncedAt = synced ? synced.value : null;
    if (state.child) state.child = findChild(state.child.id);
    if (state.family) state.family = findFamily(state.family.id);
  }

  function findChild(id) {
    return state.children.filter(function (c) {
      return c.id === id;
    })[0] || null;
  }

  function findFamily(id) {
    return state.families.filter(function (f) {
      return f.id === id;
    })[0] || null;
  }

  async function forgetPeople() {
    await db.transaction("rw", db.children, db.families, db.meta, async function () {
      await db.children.clear();
      await db.families.clear();
      await db.meta.delete("server");
    });
    state.child = null;
    state.family = null;
  }

  /* Personal data kept longer than the set number of days without a sync is deleted. */
  async function expireIfStale() {
    if (!state.server || !state.syncedAt) return;
    var limit = state.server.expiry_days * DAY_MS;
    if (Date.now() - state.syncedAt > limit) {
      await forgetPeople();
      state.notice = format(T.expired, { days: state.server.expiry_days });
    }
  }

  // --- the server -------------------------------------------------------------------------

  function signedOutResponse(response) {
    return response.type === "opaqueredirect" || response.status === 401 || response.status === 403;
  }

  async function signedOut() {
    await forgetPeople();
    state.signedOut = true;
    state.notice = T.signed_out;
  }

  async function loadTables() {
    var response = await fetch(config.tables, { credentials: "same-origin" });
    if (!response.ok) throw new Error("tables " + response.status);
    var body = await response.json();
    state.tables = body.tables;
    state.scales = body.scales;
  }

  async function send(entries) {
    var response = await fetch(config.send, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
      body: JSON.stringify({
        entries: entries.map(function (e) {
          return { uuid: e.uuid, kind: e.kind, data: e.data };
        })
      })
    });
    if (signedOutResponse(response)) return false;
    if (!response.ok) throw new Error("send " + response.status);
    var body = await response.json();
    await db.transaction("rw", db.outbox, async function () {
      for (var i = 0; i < body.results.length; i += 1) {
        var result = body.results[i];
        await db.outbox.update(result.uuid, {
          status: result.status,
          reason: result.reason,
          record: result.record,
          answered: Date.now()
        });
      }
    });
    return true;
  }

  async function refresh() {
    var response = await fetch(config.data, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store"
    });
    if (signedOutResponse(response)) return false;
    if (!response.ok) throw new Error("data " + response.status);
    var data = await response.json();
    var user = await db.meta.get("user");
    await db.transaction("rw", db.children, db.families, db.meta, db.outbox, async function () {
      if (user && user.value !== data.user) await db.outbox.clear(); // another user's phone
      await db.children.clear();
      await db.children.bulkPut(data.children);
      await db.families.clear();
      await db.families.bulkPut(data.families);
      var server = Object.assign({}, data);
      delete server.children;
      delete server.families;
      await db.meta.put({ key: "server", value: server });
      await db.meta.put({ key: "user", value: data.user });
      await db.meta.put({ key: "synced_at", value: Date.now() });
      // Delivered entries are now in the server's data (or in its review list).
      var delivered = await db.outbox.where("status").anyOf("sent", "review").toArray();
      if (delivered.length) {
        await db.meta.put({ key: "last_sent", value: { count: delivered.length, at: Date.now() } });
        state.notice = format(T.sent_count, { n: delivered.length });
      }
      await db.outbox.where("status").anyOf("sent", "review").delete();
      // A child merged on the server: waiting entries follow the record that survived.
      var waiting = await db.outbox.where("status").equals("waiting").toArray();
      for (var i = 0; i < waiting.length; i += 1) {
        var entry = waiting[i];
        var survivor = entry.kind === "measurement" && data.merged[String(entry.data.child)];
        if (survivor) {
          entry.data.child = survivor;
          await db.outbox.put(entry);
        }
      }
    });
    state.signedOut = false;
    return true;
  }

  async function sync() {
    if (state.syncing || !navigator.onLine) return;
    state.syncing = true;
    renderStatus();
    try {
      var waiting = await db.outbox.where("status").equals("waiting").sortBy("created");
      var ok = true;
      for (var start = 0; ok && start < waiting.length; start += SLICE) {
        ok = await send(waiting.slice(start, start + SLICE));
      }
      ok = ok && (await refresh());
      if (!ok) await signedOut();
    } catch (error) {
      state.notice = T.sync_failed;
    } finally {
      state.syncing = false;
      await loadLocal();
      render();
    }
  }

  // --- z-scores ---------------------------------------------------------------------------

  function phoneScores(child, data) {
    if (!state.tables) return null;
    var scores = G.zscores(state.tables, {
      sex: child.sex,
      ageDays: G.ageInDays(child.birth_date, data.measured_on),
      weight: data.weight_kg,
      lenhei: data.lenhei_cm,
      measure: data.position,
      oedema: data.oedema,
      headc: data.head_cm,
      armc: data.muac_cm
    });
    return { zlen: scores.zlen, zwei: scores.zwei, zwfl: scores.zwfl, zbmi: scores.zbmi };
  }

  function verdict(indicator, z) {
    var category = state.scales ? G.classify(state.scales, indicator, z) : null;
    if (z === null || z === undefined) return el("span", { text: T.not_computed });
    var label = category ? (english ? category.label_en : category.label_id) : "";
    return el("span", { class: "badge tone-" + (category ? category.tone : "normal") }, [
      "z = " + shownNumber(z, 2) + " " + label
    ]);
  }

  /* The child's measurements: the server's, then the phone's own not yet in the server's. */
  function historyOf(child) {
    var rows = child.measurements.map(function (m) {
      // A birth date corrected on the server after the measurement was scored: the phone
      // recomputes with the child's current data rather than show a stale z-score.
      if (m.age_days !== G.ageInDays(child.birth_date, m.measured_on)) {
        return { data: m, z: phoneScores(child, m), source: T.source_recomputed };
      }
      return { data: m, z: m.z, source: T.source_server };
    });
    state.outbox.forEach(function (entry) {
      if (entry.kind !== "measurement" || entry.data.child !== child.id) return;
      if (entry.status === "refused") return;
      rows.push({ data: entry.data, z: phoneScores(child, entry.data), source: T.source_phone });
    });
    rows.sort(function (a, b) {
      return a.data.measured_on < b.data.measured_on ? -1 : 1;
    });
    return rows;
  }

  // --- rendering --------------------------------------------------------------------------

  function ageText(child) {
    var days = G.ageInDays(child.birth_date, localToday());
    return format(T.age_months, { n: Math.floor(days / G.DAYS_PER_MONTH) });
  }

  function renderStatus() {
    var online = navigator.onLine;
    document.body.dataset.syncing = state.syncing ? "1" : "0";
    var status = $("net-status");
    status.textContent = state.syncing ? T.sending : online ? T.online : T.offline;
    status.className = "badge " + (online ? "tone-normal" : "tone-moderate");
    $("sync-line").textContent = state.syncedAt
      ? format(T.last_sync, {
          when: new Date(state.syncedAt).toLocaleString(english ? "en-GB" : "id-ID")
        })
      : T.never_synced;
    var notice = $("notice");
    notice.hidden = !state.notice && !state.signedOut;
    notice.replaceChildren(state.notice);
    if (state.signedOut) {
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(el("a", { href: config.login, text: T.log_in }));
    }
  }

  function statusText(entry) {
    return {
      waiting: T.status_waiting,
      sent: T.status_sent,
      review: T.status_review,
      refused: T.status_refused
    }[entry.status];
  }

  function entryLabel(entry) {
    if (entry.kind === "measurement") {
      var child = findChild(entry.data.child);
      return format(T.entry_measurement, {
        name: child ? child.name : "#" + entry.data.child,
        date: shownDate(entry.data.measured_on)
      });
    }
    var family = findFamily(entry.data.family);
    return format(T.entry_visit, {
      name: family ? family.head_name : "#" + entry.data.family,
      date: shownDate(entry.data.visited_on)
    });
  }

  function renderOutbox() {
    var open = state.outbox.filter(function (e) {
      return e.status === "waiting" || e.status === "refused";
    });
    $("outbox-count").textContent = String(open.length);
    $("outbox-section").dataset.waiting = String(
      state.outbox.filter(function (e) {
        return e.status === "waiting";
      }).length
    );
    var list = $("outbox-list");
    list.replaceChildren();
    state.outbox.forEach(function (entry) {
      var tone = { waiting: "moderate", sent: "normal", review: "risk", refused: "severe" };
      var item = el("li", { "data-uuid": entry.uuid, "data-status": entry.status }, [
        entryLabel(entry) + " ",
        el("span", { class: "badge tone-" + tone[entry.status], text: statusText(entry) })
      ]);
      if (entry.reason) item.appendChild(el("span", { text: " " + entry.reason }));
      if (entry.status === "refused") {
        var remove = el("button", { type: "button", text: T.remove });
        remove.addEventListener("click", async function () {
          await db.outbox.delete(entry.uuid);
          await loadLocal();
          render();
        });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
    var reviews = $("reviews");
    reviews.replaceChildren();
    var open_reviews = (state.server ? state.server.reviews : []).filter(function (r) {
      return r.decision === "open";
    });
    if (open_reviews.length) {
      reviews.appendChild(el("p", { text: format(T.reviews_open, { n: open_reviews.length }) }));
    }
  }

  function renderChildren() {
    var section = $("children-section");
    var canMeasure = Boolean(state.server && state.server.posyandu.length);
    section.hidden = !canMeasure || Boolean(state.child);
    var query = $("child-filter").value.trim().toLowerCase();
    var list = $("child-list");
    list.replaceChildren();
    state.children
      .filter(function (c) {
        return !query || c.name.toLowerCase().indexOf(query) >= 0;
      })
      .forEach(function (child) {
        var button = el("button", { type: "button", "data-child": String(child.id) }, [
          child.name + " · " + ageText(child)
        ]);
        button.addEventListener("click", function () {
          openChild(child.id);
        });
        list.appendChild(el("li", {}, [button]));
      });
  }

  function renderChild() {
    var view = $("child-view");
    var child = state.child;
    view.hidden = !child;
    if (!child) return;
    $("child-name").textContent = child.name;
    $("child-facts").textContent =
      (child.sex === 1 ? T.boy : T.girl) + " · " + shownDate(child.birth_date) + " · " +
      ageText(child);
    var body = $("history").tBodies[0];
    body.replaceChildren();
    var rows = historyOf(child);
    rows.forEach(function (row) {
      var z = row.z || {};
      body.appendChild(
        el("tr", {}, [
          el("td", { text: shownDate(row.data.measured_on) }),
          el("td", { class: "num", text: shownNumber(row.data.weight_kg, 1) }),
          el("td", { class: "num", text: shownNumber(row.data.lenhei_cm, 1) }),
          el("td", {}, [verdict("zwei", z.zwei)]),
          el("td", {}, [verdict("zlen", z.zlen)]),
          el("td", {}, [verdict("zwfl", z.zwfl)]),
          el("td", { text: row.source })
        ])
      );
    });
    renderCharts(child, rows);
  }

  function renderFamilies() {
    var section = $("families-section");
    section.hidden = !state.families.length || Boolean(state.family);
    var list = $("family-list");
    list.replaceChildren();
    state.families.forEach(function (family) {
      var facts = family.next_visit ? " · " + format(T.next_visit, { date: shownDate(family.next_visit) }) : "";
      var button = el("button", { type: "button", "data-family": String(family.id) }, [
        family.head_name + facts
      ]);
      button.addEventListener("click", function () {
        openFamily(family.id);
      });
      var item = el("li", {}, [button]);
      if (family.overdue) item.appendChild(el("span", { class: "badge tone-severe", text: T.overdue }));
      list.appendChild(item);
    });
  }

  function renderFamily() {
    var view = $("family-view");
    var family = state.family;
    view.hidden = !family;
    if (!family) return;
    $("family-name").textContent = family.head_name;
    $("family-facts").textContent = [family.address, family.rt && "RT " + family.rt, family.rw && "RW " + family.rw]
      .filter(Boolean)
      .join(" · ");
    var list = $("visit-history");
    list.replaceChildren();
    var visits = family.visits.slice();
    state.outbox.forEach(function (entry) {
      if (entry.kind === "visit" && entry.data.family === family.id) visits.unshift(entry.data);
    });
    visits.forEach(function (visit) {
      list.appendChild(
        el("li", {
          text: [shownDate(visit.visited_on), visit.checked, visit.given, visit.referred_to]
            .filter(Boolean)
            .join(" · ")
        })
      );
    });
  }

  function render() {
    renderStatus();
    renderOutbox();
    renderChildren();
    renderChild();
    renderFamilies();
    renderFamily();
  }

  // --- growth curves ----------------------------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    return node;
  }

  /* One chart: WHO's -3, -2, 0 and +2 SD lines for the child's sex, and the child's points. */
  function chart(title, table, child, points) {
    var width = 340, height = 220, pad = 30;
    var lastDay = Math.min(1856, Math.max(365, G.ageInDays(child.birth_date, localToday()) + 90));
    var lines = [-3, -2, 0, 2].map(function (k) {
      var line = [];
      for (var day = 0; day <= lastDay; day += 15) {
        var value = G.sdAt(table, child.sex, day, k);
        if (value !== null) line.push([day, value]);
      }
      return { k: k, line: line };
    });
    var values = [];
    lines.forEach(function (l) {
      l.line.forEach(function (p) {
        values.push(p[1]);
      });
    });
    points.forEach(function (p) {
      values.push(p[1]);
    });
    var low = Math.floor(Math.min.apply(null, values));
    var high = Math.ceil(Math.max.apply(null, values));
    function x(day) {
      return pad + ((width - 2 * pad) * day) / lastDay;
    }
    function y(value) {
      return height - pad - ((height - 2 * pad) * (value - low)) / (high - low || 1);
    }
    var root = svg("svg", {
      class: "growth-chart",
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": title
    });
    var caption = svg("title", {});
    caption.textContent = title;
    root.appendChild(caption);
    var colours = { "-3": "#b71c1c", "-2": "#e65100", "0": "#1b5e20", "2": "#e65100" };
    lines.forEach(function (l) {
      var path = l.line
        .map(function (p, i) {
          return (i ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[1]).toFixed(1);
        })
        .join(" ");
      root.appendChild(svg("path", { d: path, fill: "none", stroke: colours[String(l.k)], "stroke-width": "1" }));
    });
    points.forEach(function (p) {
      root.appendChild(
        svg("circle", { class: "child-point", cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: "3.5" })
      );
    });
    [low, high].forEach(function (value) {
      var label = svg("text", { x: "2", y: y(value).toFixed(1), "font-size": "10" });
      label.textContent = String(value);
      root.appendChild(label);
    });
    var axis = svg("text", { x: String(width - pad), y: String(height - 8), "font-size": "10", "text-anchor": "end" });
    axis.textContent = format(T.age_months, { n: Math.round(lastDay / G.DAYS_PER_MONTH) });
    root.appendChild(axis);
    return el("figure", {}, [root, el("figcaption", { text: title })]);
  }

  function renderCharts(child, rows) {
    var box = $("charts");
    box.replaceChildren();
    if (!state.tables) return;
    function points(field) {
      return rows
        .filter(function (row) {
          return row.data[field] !== null && row.data[field] !== undefined;
        })
        .map(function (row) {
          return [G.ageInDays(child.birth_date, row.data.measured_on), Number(row.data[field])];
        });
    }
    box.appendChild(chart(T.chart_weight, state.tables.wei, child, points("weight_kg")));
    box.appendChild(chart(T.chart_length, state.tables.len, child, points("lenhei_cm")));
  }

  // --- entry ------------------------------------------------------------------------------

  function openChild(id) {
    state.child = findChild(id);
    state.family = null;
    var form = $("measure-form");
    form.reset();
    $("m-date").value = localToday();
    $("m-date").max = localToday();
    var days = G.ageInDays(state.child.birth_date, localToday());
    $("m-position").value = days < 731 ? "l" : "h";
    $("m-error").textContent = "";
    $("m-result").replaceChildren();
    render();
    $("child-view").scrollIntoView();
  }

  function openFamily(id) {
    state.family = findFamily(id);
    state.child = null;
    $("visit-form").reset();
    $("v-date").value = localToday();
    $("v-date").max = localToday();
    $("v-error").textContent = "";
    render();
    $("family-view").scrollIntoView();
  }

  /* A decimal as typed ("9,1" or "9.1"), checked against the server's bounds and decimals. */
  function decimal(id, name, label, places, required, errors) {
    var text = $(id).value.trim().replace(",", ".");
    if (!text) {
      if (required) errors.push(format(T.required, { field: label }));
      return null;
    }
    var pattern = new RegExp("^\\d+(\\.\\d{1," + places + "})?$");
    var bounds = config.bounds[name];
    var value = Number(text);
    if (!pattern.test(text) || Number.isNaN(value)) {
      errors.push(format(T.not_a_number, { field: label, places: places }));
      return null;
    }
    if ((bounds.min !== null && value < bounds.min) || (bounds.max !== null && value > bounds.max)) {
      errors.push(format(T.out_of_range, { field: label, min: bounds.min, max: bounds.max }));
      return null;
    }
    return text;
  }

  function labelOf(id) {
    return document.querySelector("label[for=" + id + "]").textContent;
  }

  async function saveMeasurement(event) {
    event.preventDefault();
    var child = state.child;
    var errors = [];
    var measuredOn = $("m-date").value;
    if (!measuredOn) errors.push(format(T.required, { field: labelOf("m-date") }));
    else if (measuredOn > localToday()) errors.push(T.in_future);
    else if (measuredOn < child.birth_date) errors.push(T.before_birth);
    var data = {
      child: child.id,
      posyandu: child.posyandu,
      measured_on: measuredOn,
      weight_kg: decimal("m-weight", "weight_kg", labelOf("m-weight"), 2, true, errors),
      lenhei_cm: decimal("m-lenhei", "lenhei_cm", labelOf("m-lenhei"), 1, true, errors),
      position: $("m-position").value,
      muac_cm: decimal("m-muac", "muac_cm", labelOf("m-muac"), 1, false, errors),
      head_cm: decimal("m-head", "head_cm", labelOf("m-head"), 1, false, errors),
      oedema: $("m-oedema").checked
    };
    var twice = state.outbox.some(function (e) {
      return e.kind === "measurement" && e.status === "waiting" && e.data.child === child.id &&
        e.data.measured_on === measuredOn;
    });
    if (twice) errors.push(T.twice);
    $("m-error").textContent = errors.join(" ");
    if (errors.length) return;
    await db.outbox.put({
      uuid: newUuid(),
      kind: "measurement",
      data: data,
      status: "waiting",
      reason: "",
      created: Date.now()
    });
    var z = phoneScores(child, data);
    $("measure-form").reset();
    $("m-date").value = localToday();
    $("m-position").value = data.position;
    await loadLocal();
    render();
    $("m-result").replaceChildren(
      el("p", { text: T.saved_on_phone }),
      el("p", {}, [labelOf("m-weight") + ": ", verdict("zwei", z.zwei)]),
      el("p", {}, [labelOf("m-lenhei") + ": ", verdict("zlen", z.zlen)]),
      el("p", {}, [T.wfl + ": ", verdict("zwfl", z.zwfl)])
    );
    sync();
  }

  async function saveVisit(event) {
    event.preventDefault();
    var family = state.family;
    var errors = [];
    var visitedOn = $("v-date").value;
    var nextOn = $("v-next").value || null;
    if (!visitedOn) errors.push(format(T.required, { field: labelOf("v-date") }));
    else if (visitedOn > localToday()) errors.push(T.in_future);
    if (nextOn && visitedOn && nextOn <= visitedOn) errors.push(T.next_after);
    $("v-error").textContent = errors.join(" ");
    if (errors.length) return;
    await db.outbox.put({
      uuid: newUuid(),
      kind: "visit",
      data: {
        family: family.id,
        visited_on: visitedOn,
        checked: $("v-checked").value.trim(),
        given: $("v-given").value.trim(),
        referred_to: $("v-referred").value.trim(),
        next_visit_on: nextOn
      },
      status: "waiting",
      reason: "",
      created: Date.now()
    });
    $("visit-form").reset();
    $("v-date").value = localToday();
    $("v-error").textContent = T.saved_on_phone;
    await loadLocal();
    render();
    sync();
  }

  async function logout() {
    var waiting = state.outbox.filter(function (e) {
      return e.status === "waiting";
    }).length;
    if (waiting && !window.confirm(format(T.logout_waiting, { n: waiting }))) return;
    await db.delete();
    if (window.caches) {
      var names = await window.caches.keys();
      await Promise.all(names.map(function (name) {
        return window.caches.delete(name);
      }));
    }
    $("logout-csrf").value = cookie("csrftoken");
    $("logout-form").submit();
  }

  // --- start ------------------------------------------------------------------------------

  async function start() {
    if ("serviceWorker" in navigator) {
      var controlled = function () {
        if (navigator.serviceWorker.controller) document.body.dataset.worker = "1";
      };
      controlled();
      navigator.serviceWorker.addEventListener("controllerchange", controlled);
      navigator.serviceWorker.register(config.worker, { scope: config.scope }).catch(function () {
        state.notice = T.no_worker;
        renderStatus();
      });
    }
    $("measure-form").addEventListener("submit", saveMeasurement);
    $("visit-form").addEventListener("submit", saveVisit);
    $("child-close").addEventListener("click", function () {
      state.child = null;
      render();
    });
    $("family-close").addEventListener("click", function () {
      state.family = null;
      render();
    });
    $("child-filter").addEventListener("input", renderChildren);
    $("sync-now").addEventListener("click", sync);
    $("logout").addEventListener("click", logout);
    window.addEventListener("online", sync);
    window.addEventListener("offline", renderStatus);
    try {
      await loadTables();
    } catch (error) {
      state.notice = T.no_tables;
    }
    await loadLocal();
    await expireIfStale();
    await loadLocal();
    render();
    document.body.dataset.ready = "1";
    await sync();
    window.setInterval(sync, 60000);
  }

  start();
})();
