/* WHO Child Growth Standards 2006 (0 to < 60 months) on the phone, exactly as tumbuh.growth.
 *
 * WHO's algorithm (the rules tumbuh.growth implements), step for step as tumbuh/growth/{age2006,
 * weight_for_length,fused}.py do it (the same float64 operations in the same order), on the LMS
 * tables the server sends (/lapangan/tabel-who.json, from tumbuh.growth's own data files).
 * Indicators: zlen, zwei, zwfl, zbmi, zhc, zac, their flags, clenhei, cbmi and c9mo_flag.
 * Categories: Permenkes No. 2 Tahun 2020, with the scales the server sends (growth/categories.py).
 * tests/apps/test_field_growth.py holds this file to tumbuh.growth and to WHO's reference rows.
 */
(function (root) {
  "use strict";

  var DAYS_PER_MONTH = 30.4375;
  var MAX_AGE_MONTHS = 60.0;
  var MAX_AGE_DAYS = 1856;
  var HEIGHT_FROM_AGE_DAYS = 731;
  var ADJUSTMENT_CM = 0.7;
  var MIN_STANDING_AGE_MONTHS = 9.0;
  var LENGTH_TABLE_BELOW_CM = 87.0;
  var WFL_RANGE = [45.0, 110.0];
  var WFH_RANGE = [65.0, 120.0];
  var NEAR_TIE = 1e-6;
  var FLAG_LIMITS = {
    zlen: [-6.0, 6.0],
    zwei: [-6.0, 5.0],
    zwfl: [-5.0, 5.0],
    zbmi: [-5.0, 5.0],
    zhc: [-5.0, 5.0],
    zac: [-5.0, 5.0]
  };
  // [z column, table, input, weight-based, restricted]
  var AGE_INDICATORS = [
    ["zlen", "len", "clenhei", false, false],
    ["zwei", "wei", "weight", true, true],
    ["zbmi", "bmi", "cbmi", true, true],
    ["zhc", "hc", "headc", false, false],
    ["zac", "ac", "armc", false, true]
  ];

  function num(value) {
    if (value === null || value === undefined || value === "") return NaN;
    return Number(value);
  }

  function roundHalfUp(x) {
    var down = Math.floor(x);
    return down + (x - down >= 0.5 ? 1 : 0);
  }

  /* R's round(x, 2): the nearer of the floor and ceiling candidates, ties to an even digit. */
  function roundR2(x) {
    var x10 = x * 100.0;
    var nearest = Math.round(x10);
    if (Math.abs(x10 - nearest) <= 0.5 - NEAR_TIE) return nearest / 100.0;
    var sign = x < 0 ? -1.0 : 1.0;
    var a = Math.abs(x);
    var a10 = 100.0 * a;
    var i10 = Math.floor(a10);
    var xd = i10 / 100.0;
    var xu = Math.ceil(a10) / 100.0;
    var du = xu - a;
    var dd = a - xd;
    if (du < dd || (du === dd && i10 % 2.0 === 1.0)) return sign * xu;
    return sign * xd;
  }

  function lmsZ(y, l, m, s) {
    var ratio = y / m;
    if (l !== 1.0) ratio = Math.pow(ratio, l);
    return (ratio - 1.0) / (s * l);
  }

  function lmsSd(k, l, m, s) {
    return m * Math.pow(1.0 + l * s * k, 1.0 / l);
  }

  function lmsZRestricted(y, l, m, s) {
    var z = lmsZ(y, l, m, s);
    var sd3;
    if (z > 3.0) {
      sd3 = lmsSd(3.0, l, m, s);
      return 3.0 + (y - sd3) / (sd3 - lmsSd(2.0, l, m, s));
    }
    if (z < -3.0) {
      sd3 = lmsSd(-3.0, l, m, s);
      return -3.0 + (y - sd3) / (lmsSd(-2.0, l, m, s) - sd3);
    }
    return z;
  }

  function isMissing(value) {
    return value === null || value === undefined || Number.isNaN(value);
  }

  /* One table row's L, M, S (interpolated when diff > 0), or null where WHO has none. */
  function lms(table, sex, lowKey, uppKey, diff) {
    var lo = lowKey - table.first;
    if (lo < 0 || lo >= table.size) return null;
    var base = (sex - 1) * table.size;
    var row = base + lo;
    if (isMissing(table.m[row])) return null;
    var l = table.l[row], m = table.m[row], s = table.s[row];
    if (diff > 0) {
      var up = uppKey - table.first;
      if (up < 0 || up >= table.size || isMissing(table.m[base + up])) return null;
      var urow = base + up;
      l = l + diff * (table.l[urow] - l);
      m = m + diff * (table.m[urow] - m);
      s = s + diff * (table.s[urow] - s);
    }
    return [l, m, s];
  }

  function scoreOne(name, table, sex, lowKey, uppKey, diff, y, valid, restricted, out) {
    out[name] = null;
    out["f" + name.slice(1)] = null;
    if (!valid || !(y > 0) || (sex !== 1 && sex !== 2) || !table) return;
    var found = lms(table, sex, lowKey, uppKey, diff);
    if (found === null) return;
    var z = restricted
      ? lmsZRestricted(y, found[0], found[1], found[2])
      : lmsZ(y, found[0], found[1], found[2]);
    var rounded = roundR2(z);
    var limits = FLAG_LIMITS[name];
    out[name] = rounded;
    out["f" + name.slice(1)] = rounded < limits[0] || rounded > limits[1] ? 1 : 0;
  }

  /* z-scores of one measurement.
   * input: {sex: 1|2, ageDays (exact, may be fractional, null if unknown), weight (kg),
   *         lenhei (cm), measure: "l" | "h" | "", oedema: bool, headc (cm), armc (cm)}
   */
  function zscores(tables, input) {
    var sex = Number(input.sex);
    var ageDays = num(input.ageDays);
    var ageMonths = ageDays / DAYS_PER_MONTH;
    var rounded = roundHalfUp(ageDays);
    var ageKey = !Number.isNaN(rounded) && rounded >= 0 ? rounded : -1;
    var measure = (input.measure || "").toLowerCase();
    var oedema = Boolean(input.oedema);
    var weight = num(input.weight);
    var lenhei = num(input.lenhei);
    var tooYoung = measure === "h" && ageMonths < MIN_STANDING_AGE_MONTHS;
    if (tooYoung) measure = "";
    var clenhei = lenhei;
    if (ageKey >= 0 && ageKey < HEIGHT_FROM_AGE_DAYS && measure === "h") clenhei += ADJUSTMENT_CM;
    if (ageKey >= HEIGHT_FROM_AGE_DAYS && measure === "l") clenhei -= ADJUSTMENT_CM;
    var metres = clenhei / 100;
    var cbmi = weight / (metres * metres);
    var under60 = ageMonths < MAX_AGE_MONTHS;
    var values = {
      clenhei: clenhei,
      cbmi: cbmi,
      weight: weight,
      headc: num(input.headc),
      armc: num(input.armc)
    };
    var out = { clenhei: clenhei, cbmi: cbmi, c9mo_flag: tooYoung ? 1 : 0 };
    AGE_INDICATORS.forEach(function (row) {
      var valid = row[3] ? under60 && !oedema : under60;
      scoreOne(row[0], tables[row[1]], sex, ageKey, ageKey, 0, values[row[2]], valid, row[4], out);
    });
    // Weight-for-length below 731 days, weight-for-height from 731 days (or by measure).
    var knownAge = ageKey >= 0;
    var onLength =
      (knownAge && ageKey < HEIGHT_FROM_AGE_DAYS) ||
      (!knownAge &&
        (measure === "l" || (measure === "" && clenhei < LENGTH_TABLE_BELOW_CM)));
    var onHeight =
      !onLength &&
      ((knownAge && ageKey >= HEIGHT_FROM_AGE_DAYS) ||
        (!knownAge &&
          (measure === "h" || (measure === "" && clenhei >= LENGTH_TABLE_BELOW_CM))));
    // WHO's float64 key arithmetic, copied exactly (see RULES.md).
    var lowKey = Math.trunc(clenhei * 10);
    var uppKey = Math.trunc(clenhei * 10 + 1);
    var diff = (clenhei - lowKey / 10) / 0.1;
    var ageOk = ageKey < 0 || (ageKey <= MAX_AGE_DAYS && ageMonths < MAX_AGE_MONTHS);
    var range = onLength ? WFL_RANGE : WFH_RANGE;
    var valid =
      (onLength || onHeight) && ageOk && !oedema && clenhei >= range[0] && clenhei <= range[1];
    scoreOne(
      "zwfl",
      onLength ? tables.wfl : tables.wfh,
      sex,
      Number.isNaN(lowKey) ? -1 : lowKey,
      Number.isNaN(uppKey) ? -1 : uppKey,
      diff,
      weight,
      valid,
      true,
      out
    );
    return out;
  }

  /* The Permenkes category {slug, label_id, label_en, tone} of a rounded z-score, or null. */
  function classify(scales, indicator, z) {
    var scale = scales[indicator];
    if (!scale || isMissing(z)) return null;
    for (var i = 0; i < scale.boundaries.length; i += 1) {
      var b = scale.boundaries[i];
      if (b.inclusive ? z <= b.value : z < b.value) return scale.categories[i];
    }
    return scale.categories[scale.categories.length - 1];
  }

  function dayNumber(iso) {
    var parts = String(iso).split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])) / 86400000;
  }

  /* Completed days between two ISO dates (yyyy-mm-dd), as tumbuh.growth.age_in_days. */
  function ageInDays(birthIso, measuredIso) {
    return Math.round(dayNumber(measuredIso) - dayNumber(birthIso));
  }

  /* The measurement at k SD of an age table for a rounded age in days (growth curves). */
  function sdAt(table, sex, ageKey, k) {
    var found = table ? lms(table, sex, ageKey, ageKey, 0) : null;
    return found === null ? null : lmsSd(k, found[0], found[1], found[2]);
  }

  var api = {
    DAYS_PER_MONTH: DAYS_PER_MONTH,
    zscores: zscores,
    classify: classify,
    ageInDays: ageInDays,
    roundR2: roundR2,
    sdAt: sdAt
  };
  root.TumbuhGrowth = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : globalThis);
