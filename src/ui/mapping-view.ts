import { api, type ModelMapping } from "./api.js";
import { h, replace } from "./dom.js";

export interface MappingHooks {
  /** Reports a failure or a success to the user. */
  notify(message: string, kind?: "error" | "ok"): void;
}

/**
 * The model mapping (client model → upstream model), read and changed through the admin API
 * (/admin/model-mapping): a table with a remove button per entry, a form to add or change one, and the
 * built-in aliases for reference. Without that API the mapping is shown read-only.
 */
export class MappingView {
  private editable = true;

  constructor(
    private readonly table: HTMLTableSectionElement,
    private readonly form: HTMLFormElement,
    private readonly aliases: HTMLElement,
    private readonly hooks: MappingHooks,
  ) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  async load(fallback: Record<string, string>, aliases: Record<string, string>): Promise<void> {
    this.renderAliases(aliases);
    try {
      this.render(await api.mapping());
    } catch {
      this.editable = false;
      this.form.hidden = true;
      this.render({ model_mapping: fallback });
    }
  }

  private render(mapping: ModelMapping): void {
    const entries = Object.entries(mapping.model_mapping).sort(([a], [b]) => a.localeCompare(b));
    const configured = mapping.config_file ?? {};
    if (entries.length === 0) {
      replace(
        this.table,
        h(
          "tr",
          {},
          h(
            "td",
            { colspan: 4, class: "empty-inline" },
            "No custom mapping: model names go through the built-in aliases below, else unchanged.",
          ),
        ),
      );
      return;
    }
    replace(
      this.table,
      ...entries.map(([pattern, target]) =>
        h(
          "tr",
          { "data-pattern": pattern },
          h("td", {}, h("code", {}, pattern)),
          h("td", {}, h("code", {}, target)),
          h("td", { class: "muted" }, configured[pattern] === target ? "config file" : "changed here"),
          h(
            "td",
            {},
            this.editable
              ? h(
                  "button",
                  { class: "small", onclick: () => void this.change({ [pattern]: null }) },
                  "Remove",
                )
              : null,
          ),
        ),
      ),
    );
  }

  private renderAliases(aliases: Record<string, string>): void {
    const entries = Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b));
    replace(
      this.aliases,
      ...entries.map(([name, target]) =>
        h("tr", {}, h("td", {}, h("code", {}, name)), h("td", {}, h("code", {}, target))),
      ),
    );
  }

  private async save(): Promise<void> {
    const data = new FormData(this.form);
    const pattern = String(data.get("pattern") ?? "").trim();
    const target = String(data.get("target") ?? "").trim();
    if (pattern === "" || target === "") return;
    if (await this.change({ [pattern]: target })) this.form.reset();
  }

  private async change(changes: Record<string, string | null>): Promise<boolean> {
    try {
      this.render(await api.patchMapping(changes));
      this.hooks.notify("Model mapping saved: it applies to the next request.", "ok");
      return true;
    } catch (error) {
      this.hooks.notify(`Could not change the mapping: ${(error as Error).message}`);
      return false;
    }
  }
}
