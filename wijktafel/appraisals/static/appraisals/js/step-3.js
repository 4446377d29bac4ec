// Step 3 of an appraisal (docs/methods.md §3.4): the baseline alternative and the horizon.
// Called through steps.js as a renderer (ctx) -> Node[]; ``ctx`` is described in panel.js.
// Every form is a ctx.block() so that other groups' events do not rebuild what someone types
// in, and every typed value lives in ctx.drafts (it survives redraws, reconnects and reloads).

import { formatEuro as euros, parseMoney } from "./format.js";
import { gettext_noop, section, termHelp } from "./parts-1-4.js";

const CHECKS = [
  ["not_a_solution", gettext_noop("Never a real solution: only what is needed to keep the problem within limits."), null],
  ["decisions_taken", gettext_noop("Decisions already taken are included."), "decisions_taken", gettext_noop("Which decisions?")],
  ["sober", gettext_noop("As sober as possible."), null],
  ["legal_norms", gettext_noop("Legal norms: the cheapest way to comply."), "legal_norms", gettext_noop("Which legal norms?")],
  ["behaviour_change", gettext_noop("Behaviour change: people may find their own way around the problem."), "behaviour_change", gettext_noop("Which behaviour change?")],
  ["autonomous_change", gettext_noop("Autonomous change: the situation may change by itself."), "autonomous_change", gettext_noop("Which change by itself?")],
];

const MONEY = [
  ["one_off_cost", gettext_noop("One-off costs (investment)")],
  ["periodic_cost_per_year", gettext_noop("Periodic costs per year (management)")],
  ["one_off_income", gettext_noop("One-off income (for example sales)")],
  ["periodic_income_per_year", gettext_noop("Periodic income per year (for example rent)")],
];

function totals(values, years) {
  const n = (v) => (v == null || Number.isNaN(v) ? 0 : v);
  const y = n(years);
  return {
    cost: n(values.one_off_cost) + n(values.periodic_cost_per_year) * y,
    income: n(values.one_off_income) + n(values.periodic_income_per_year) * y,
  };
}

export function baseline(ctx) {
  return [ctx.isFacilitator ? baselineForm(ctx) : baselineView(ctx)];
}

function baselineView(ctx) {
  const { h, gettext, format } = ctx;
  const b = ctx.appraisal.baseline;
  const years = ctx.appraisal.horizon_years;
  return ctx.block("baseline-view", [b, years], () => {
    if (!b) {
      return section(ctx, "baseline", gettext("Baseline alternative"), [termHelp(ctx, "baseline"),
        h("p", { class: "appraisal-empty" }, gettext("The facilitator writes the baseline here together with you."))]);
    }
    return section(ctx, "baseline", gettext("Baseline alternative"), [
      termHelp(ctx, "baseline"),
      h("p", { class: "baseline__description", dir: "auto", id: "baseline-description" }, b.description || "–"),
      h("ul", { class: "baseline-checks" }, CHECKS.map(([name, text, note]) => h("li", {
        class: `baseline-check${b.checklist && b.checklist[name] ? " baseline-check--done" : ""}`,
      }, h("span", { class: "baseline-check__mark", "aria-hidden": "true" }, b.checklist && b.checklist[name] ? "✓" : "○"), " ",
      h("span", { class: "visually-hidden" }, b.checklist && b.checklist[name] ? `${gettext("Checked")}: ` : `${gettext("Not checked")}: `),
      gettext(text), note && b[note] ? h("span", { class: "baseline-check__note" }, " — ", h("bdi", { text: b[note] })) : null))),
      moneyTable(ctx, b, b.horizon_years ?? years, { total_cost: b.total_cost, total_income: b.total_income }),
    ]);
  });
}

function moneyTable(ctx, values, years, sums) {
  const { h, gettext, format } = ctx;
  return h("table", { class: "utrecht-table baseline-money", id: "baseline-money" },
    h("caption", { class: "utrecht-table__caption" }, years ? format(gettext("Costs and income over %(period)s"), { period: ctx.years(years) }) : gettext("Costs and income")),
    h("tbody", { class: "utrecht-table__body" },
      MONEY.map(([name, label]) => h("tr", { class: "utrecht-table__row" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext(label)),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric" }, euros(values[name])))),
      h("tr", { class: "utrecht-table__row baseline-money__total" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext("Total costs")),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric", id: "baseline-total-cost" }, euros(sums.total_cost))),
      h("tr", { class: "utrecht-table__row baseline-money__total" },
        h("th", { class: "utrecht-table__header-cell", scope: "row" }, gettext("Total income")),
        h("td", { class: "utrecht-table__cell utrecht-table__cell--numeric", id: "baseline-total-income" }, euros(sums.total_income)))));
}

function baselineForm(ctx) {
  const { h, gettext, format } = ctx;
  const b = ctx.appraisal.baseline;
  const years = ctx.appraisal.horizon_years;
  const busy = ctx.pending.filter((p) => (p.kind === "baseline.set" || p.kind === "horizon.set") && !p.acked).length;
  const sig = [b, years, busy, ctx.error("baseline"), ctx.error("horizon"), ctx.online, ctx.closed];
  return ctx.block("baseline-form", sig, () => {
    const prefix = "baseline";
    const horizonKey = `${prefix}-horizon`;
    const moneyKeys = MONEY.map(([name]) => `${prefix}-${name}`);
    const textKeys = ["description", "decisions_taken", "legal_norms", "behaviour_change", "autonomous_change"].map((n) => `${prefix}-${n}`);
    const checkKeys = CHECKS.map(([name]) => `${prefix}-check-${name}`);
    const costOut = h("output", { class: "baseline-total", id: "baseline-live-cost", for: [...moneyKeys, horizonKey].join(" ") });
    const incomeOut = h("output", { class: "baseline-total", id: "baseline-live-income", for: [...moneyKeys, horizonKey].join(" ") });
    const readMoney = () => Object.fromEntries(MONEY.map(([name]) => [name, parseMoney(ctx.drafts.get(`${prefix}-${name}`, b && b[name] != null ? String(b[name]) : ""), { empty: null })]));
    const readYears = () => {
      const v = Number(String(ctx.drafts.get(horizonKey, years != null ? String(years) : "")).trim());
      return Number.isInteger(v) && v > 0 ? v : null;
    };
    const update = () => {
      const sum = totals(readMoney(), readYears());
      costOut.textContent = euros(sum.cost);
      incomeOut.textContent = euros(sum.income);
    };
    const horizonInput = ctx.numberInput(horizonKey, years != null ? String(years) : "", { maxLength: 3 });
    horizonInput.addEventListener("input", update);
    const horizonForm = h("form", {
      class: "appraisal-form appraisal-form--row", id: "horizon-form", novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const value = readYears();
          if (!value) {
            horizonInput.focus();
            return;
          }
          ctx.send("horizon.set", { horizon_years: value }, { form: "horizon", keep: [horizonKey] });
        },
      },
    }, ctx.field(horizonKey, gettext("Horizon in years"), horizonInput,
      gettext("The same period for the baseline and every solution: for example 5 years for a small intervention, 10 or 20 for buildings.")),
    ctx.button(gettext("Set horizon"), null, { type: "submit", key: `${horizonKey}-save`, disabled: busy > 0 }));
    const herr = ctx.errorBox("horizon");
    if (herr) horizonForm.append(herr);

    const moneyFields = MONEY.map(([name, label]) => {
      const input = ctx.numberInput(`${prefix}-${name}`, b && b[name] != null ? String(b[name]) : "", { maxLength: 16 });
      input.addEventListener("input", update);
      return ctx.field(`${prefix}-${name}`, gettext(label), input);
    });
    const form = h("form", {
      class: "appraisal-form baseline-form", id: "baseline-form", novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const fields = {};
          for (const key of textKeys) fields[key.slice(prefix.length + 1)] = String(ctx.drafts.get(key, b ? b[key.slice(prefix.length + 1)] || "" : "")).trim();
          fields.checklist = Object.fromEntries(CHECKS.map(([name]) => [name, Boolean(ctx.drafts.get(`${prefix}-check-${name}`, b ? Boolean(b.checklist && b.checklist[name]) : false))]));
          const money = readMoney();
          for (const [name] of MONEY) {
            if (Number.isNaN(money[name])) {
              ctx.setError("baseline", gettext("Type an amount in whole euros, for example 25000."));
              ctx.ui.focusAfter = `${prefix}-${name}`;
              return;
            }
            fields[name] = money[name] ?? 0;
          }
          if (!b) {
            const value = readYears();
            if (value) fields.horizon_years = value;
          }
          const data = { ...fields };
          if (b) data.version = b.version;
          ctx.send("baseline.set", data, { form: "baseline", keep: [...textKeys, ...checkKeys, ...moneyKeys] });
        },
      },
    },
    ctx.field(`${prefix}-description`, gettext("What happens in the coming years without new policy or a new intervention?"),
      ctx.textArea(`${prefix}-description`, b ? b.description : "", { rows: 4, maxLength: 4000 })),
    h("fieldset", { class: "appraisal-checks baseline-checklist" },
      h("legend", { class: "utrecht-form-label" }, gettext("Checklist")),
      CHECKS.map(([name, text, note, noteLabel]) => h("div", { class: "baseline-checklist__item" },
        ctx.checkbox(`${prefix}-check-${name}`, b ? Boolean(b.checklist && b.checklist[name]) : false, gettext(text)),
        note ? ctx.field(`${prefix}-${note}`, gettext(noteLabel), ctx.textArea(`${prefix}-${note}`, b ? b[note] : "", { rows: 1, maxLength: 4000 })) : null))),
    h("fieldset", { class: "baseline-money-fields" },
      h("legend", { class: "utrecht-form-label" }, gettext("Costs and income in whole euros (rough amounts are fine)")),
      moneyFields,
      h("p", { class: "baseline-totals" },
        h("span", {}, `${gettext("Total costs")}: `, costOut),
        h("span", {}, `${gettext("Total income")}: `, incomeOut)),
      h("p", { class: "appraisal-hint" }, gettext("Total = one-off amount + amount per year × horizon in years."))));
    const err = ctx.errorBox("baseline");
    if (err) form.append(err);
    form.append(h("div", { class: "button-row" },
      ctx.button(b ? gettext("Save baseline") : gettext("Add baseline"), null, { type: "submit", kind: "primary", key: `${prefix}-save`, disabled: busy > 0 }),
      b ? h("span", { class: "appraisal-hint" }, format(gettext("Saved · version %(version)s"), { version: b.version })) : null));
    update();
    return section(ctx, "baseline", gettext("Baseline alternative"), [horizonForm, form], "appraisal-section--work");
  });
}
